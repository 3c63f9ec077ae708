// Add a row to a formset by cloning its empty form (the server also always offers one blank row).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-add-row]");
  if (!button) return;
  const prefix = button.dataset.addRow;
  const total = document.getElementById(`id_${prefix}-TOTAL_FORMS`);
  const template = document.getElementById(`${prefix}-empty`);
  const container = document.getElementById(`${prefix}-rows`);
  const index = parseInt(total.value, 10);
  const html = template.innerHTML.replace(/__prefix__/g, index);
  container.insertAdjacentHTML("beforeend", html);
  total.value = index + 1;
  const first = container.lastElementChild.querySelector("input, textarea, select");
  if (first) first.focus();
});
