// Starts Swagger UI on /api/docs. A file, not an inline script: the pages' CSP allows
// scripts from this site only. The spec's URL and settings come from data attributes.
(function () {
  var script = document.currentScript;
  var config = JSON.parse(script.getAttribute("data-config") || "{}");
  config.url = script.getAttribute("data-spec-url");
  config.dom_id = "#swagger-ui-container";
  window.addEventListener("load", function () {
    window.ui = SwaggerUIBundle(config);
  });
})();
