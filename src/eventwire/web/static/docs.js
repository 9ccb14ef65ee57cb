// The API's interactive docs (Swagger UI, vendored): no inline script, so the page
// keeps the same Content-Security-Policy as the others.
window.ui = SwaggerUIBundle({ url: "/openapi.json", dom_id: "#swagger-ui", deepLinking: true });
