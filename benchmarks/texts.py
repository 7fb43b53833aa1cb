"""Texts for the benchmarks: NEREL dev texts when the data is there, else our own paragraphs.

The paragraphs below were written for these benchmarks; they are varied Russian
historical narrative with persons, places, organizations, dates and quotations.
"""

from __future__ import annotations

PARAGRAPHS: tuple[str, ...] = (
    "Осенью 1812 года генерал Михаил Кутузов отвёл армию к Тарутину. В донесении императору "
    "Александру I он писал: «Потеря Москвы ещё не есть потеря России». Французские части "
    "тем временем занимали опустевший город.",
    "В марте 1921 года X съезд РКП(б) принял решение о замене продразвёрстки натуральным "
    "налогом. Владимир Ленин выступил с докладом, а Лев Троцкий, по словам очевидцев, "
    "возражал против ряда пунктов резолюции.",
    "Историк Сергей Соловьёв в «Истории России с древнейших времён» подробно описал "
    "царствование Ивана Грозного. По его мнению, опричнина была попыткой ослабить "
    "боярскую знать. Первый том вышел в Москве в 1851 году.",
    "Двенадцатого апреля 1961 года Юрий Гагарин на корабле «Восток» совершил первый полёт "
    "вокруг Земли. ТАСС сообщило об этом в полдень, и уже вечером на Красной площади "
    "собрались тысячи москвичей.",
    "Губернатор Нижегородской губернии получил из Санкт-Петербурга предписание Министерства "
    "внутренних дел. В нём говорилось, что ярмарка должна открыться не позднее 15 июля, "
    "а купцы из Казани и Астрахани освобождаются от части пошлин.",
    "По воспоминаниям Анны Ахматовой, зимой 1938 года она часами стояла в очереди у "
    "ленинградской тюрьмы «Кресты». Позже эти строки вошли в поэму «Реквием», "
    "опубликованную в Мюнхене в 1963 году.",
    "В 1703 году Пётр I заложил на Заячьем острове крепость, от которой ведёт начало "
    "Санкт-Петербург. Строительством руководил швейцарский архитектор Доменико Трезини, "
    "а камень везли с берегов Ладожского озера.",
    "Газета «Правда» 5 марта 1953 года вышла в траурной рамке. В сообщении ЦК КПСС и "
    "Совета министров СССР говорилось о кончине Иосифа Сталина. Председателем правительства "
    "вскоре стал Георгий Маленков.",
    "Академик Дмитрий Лихачёв, выступая в Ленинграде в 1986 году, заметил, что «культура — "
    "это огромное целостное явление». Фонд культуры, который он возглавил, открыл "
    "отделения в Новгороде, Пскове и Вологде.",
    "Летом 1905 года в Портсмуте Сергей Витте подписал мирный договор с Японией. "
    "Американский президент Теодор Рузвельт выступил посредником, а за Россией остался "
    "северный Сахалин.",
)


def generated_docs(count: int = 60) -> list[str]:
    """``count`` documents of two to four paragraphs each, cycling through PARAGRAPHS."""
    docs = []
    n = len(PARAGRAPHS)
    for i in range(count):
        size = 2 + i % 3
        docs.append("\n\n".join(PARAGRAPHS[(i + k) % n] for k in range(size)) + "\n")
    return docs


def nerel_texts(split: str, data: str | None = None, limit: int | None = None,
                ) -> list[str] | None:
    """The texts of a NEREL split (the first ``limit``), or None when the data is absent."""
    from letopis.errors import DataError
    from letopis.eval.data import split_dir

    try:
        folder = split_dir("nerel", split, data)
    except DataError:
        return None
    texts = []
    for path in sorted(folder.glob("*.txt"))[:limit]:
        with path.open(encoding="utf-8", newline="") as handle:
            texts.append(handle.read())
    return texts or None


def nerel_dev_texts(data: str | None = None) -> list[str] | None:
    """The NEREL dev texts, or None when the data cannot be found."""
    return nerel_texts("dev", data)


def speed_texts(data: str | None = None, warm: int = 200,
                ) -> tuple[str, list[str], list[str]]:
    """(source name, texts to time, texts to warm caches on) for the throughput benchmark.

    NEREL test texts are timed (speed only: nothing is tuned on them) after the first
    ``warm`` NEREL train texts have warmed every cache; without the data, the generated
    documents are timed and our paragraphs' other half warms.
    """
    texts = nerel_texts("test", data)
    if texts:
        return "NEREL v1.1 test", texts, nerel_texts("train", data, warm) or []
    docs = generated_docs()
    return "generated paragraphs (benchmarks/texts.py)", docs[::2], docs[1::2]


def bench_texts(data: str | None = None) -> tuple[str, list[str]]:
    """(source name, texts): NEREL dev when available, else the generated documents."""
    texts = nerel_dev_texts(data)
    if texts:
        return "NEREL v1.1 dev", texts
    return "generated paragraphs (benchmarks/texts.py)", generated_docs()


def text_of_size(chars: int, pool: list[str]) -> str:
    """A text of exactly ``chars`` code points: the pool repeated, joined by blank lines."""
    parts, total, i = [], 0, 0
    while total < chars:
        piece = pool[i % len(pool)].strip() + "\n\n"
        parts.append(piece)
        total += len(piece)
        i += 1
    return "".join(parts)[:chars]
