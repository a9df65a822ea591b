// Calls the worker's routes with fetch and shows each answer with its status and time.
const output = document.querySelector("#output");

for (const button of document.querySelectorAll("button[data-path]")) {
  button.addEventListener("click", async () => {
    const path = button.dataset.path;
    output.textContent = `GET ${path} ...`;
    const started = performance.now();
    const response = await fetch(path);
    const body = await response.text();
    const ms = Math.round(performance.now() - started);
    output.textContent = `GET ${path}\n${response.status} in ${ms} ms\n\n${body}`;
    output.dataset.status = String(response.status);
  });
}
