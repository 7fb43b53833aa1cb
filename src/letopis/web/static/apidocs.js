/* letopis serve: start Swagger UI (from the swagger-ui-bundle package) on the app's schema. */
(function () {
  "use strict";
  window.addEventListener("load", function () {
    window.ui = window.SwaggerUIBundle({ url: "/api/openapi.json", dom_id: "#swagger-ui",
      deepLinking: true });
  });
}());
