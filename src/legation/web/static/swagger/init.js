// Starts Swagger UI on /docs from this file (no inline script, so the strict CSP holds).
window.addEventListener("DOMContentLoaded", function () {
  window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
});
