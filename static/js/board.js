// The prioritisation board: drag and drop (SortableJS) and move buttons reorder the rows, and the
// running totals and the pots' remaining money follow every change before it is saved. The
// server does the same without JavaScript; this only makes it immediate. Texts come from
// data-msg-* attributes, so they are translated with the rest of the page.
(() => {
  const form = document.querySelector("[data-board]");
  if (!form || form.dataset.editable !== "1") return;

  const NBSP = "\u00a0";
  const moveAnnouncer = document.querySelector("[data-move-announcer]");
  const potAnnouncer = document.querySelector("[data-pot-announcer]");
  let dirty = false;

  function parseAmount(text) {
    const cleaned = (text || "")
      .replace(/kr\.?/gi, "")
      .replace(/,(-|00)$/, "")
      .replace(/[\s\u00a0\u202f]/g, "");
    return /^\d+$/.test(cleaned) ? parseInt(cleaned, 10) : 0;
  }

  function formatAmount(value) {
    const sign = value < 0 ? "-" : "";
    const digits = String(Math.abs(value)).replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
    return `kr${NBSP}${sign}${digits}`;
  }

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, (match, key) => (key in values ? values[key] : match));
  }

  function sumOf(selector) {
    let total = 0;
    form.querySelectorAll(selector).forEach((input) => {
      const row = input.closest(".direct-row");
      const removed = row && row.querySelector("[data-delete]:checked");
      if (!removed) total += parseAmount(input.value);
    });
    return total;
  }

  function refreshList(tbody) {
    const pot = tbody.dataset.boardList;
    let running = 0;
    tbody.querySelectorAll("tr[data-entry]").forEach((row, index) => {
      row.querySelector("[data-rank]").textContent = index + 1;
      const input = row.querySelector(`[data-amount="${pot}"]`);
      running += input ? parseAmount(input.value) : 0;
      row.querySelector("[data-running]").textContent = formatAmount(running);
    });
  }

  function refreshPots() {
    const allocated = {
      regional: sumOf('[data-amount="regional"]'),
      local: sumOf('[data-amount="local"]') + sumOf('[data-amount="direct"]'),
    };
    const messages = [];
    document.querySelectorAll("[data-pot]").forEach((pot) => {
      const kind = pot.dataset.pot;
      const remaining = parseInt(pot.dataset.frame, 10) - allocated[kind];
      pot.querySelector("[data-allocated]").textContent = formatAmount(allocated[kind]);
      const remainingCell = pot.querySelector("[data-remaining]");
      remainingCell.textContent = formatAmount(remaining);
      remainingCell.classList.toggle("text-danger", remaining < 0);
      const warning = pot.querySelector("[data-over-warning]");
      const label = pot.querySelector("h3").textContent.trim();
      if (remaining < 0) {
        const text = fill(form.dataset.msgOver, { pot: label, amount: formatAmount(-remaining) });
        warning.querySelector("[data-over-text]").textContent = text;
        messages.push(text);
      }
      warning.classList.toggle("d-none", remaining >= 0);
    });
    if (potAnnouncer && potAnnouncer.textContent !== messages.join(" ")) {
      potAnnouncer.textContent = messages.join(" ");
    }
  }

  // Regional and local together may not exceed the amount applied: say so at the row as it is typed.
  function refreshCaps() {
    form.querySelectorAll("tr[data-entry]").forEach((row) => {
      const id = row.dataset.entry;
      const applied = parseInt(row.querySelector("[data-applied]").dataset.applied, 10);
      const regional = form.querySelector(`[name="regional_${id}"]`);
      const local = form.querySelector(`[name="local_${id}"]`);
      const total = parseAmount(regional && regional.value) + parseAmount(local && local.value);
      const input = row.querySelector("[data-amount]");
      const message = row.querySelector("[data-cap-error]");
      if (!input || !message) return;
      const over = total > applied;
      message.textContent = over ? fill(form.dataset.msgCap, { amount: formatAmount(applied) }) : "";
      message.classList.toggle("d-block", over);
      input.classList.toggle("is-invalid", over || input.getAttribute("aria-invalid") === "true");
    });
  }

  function refresh() {
    form.querySelectorAll("[data-board-list]").forEach(refreshList);
    refreshPots();
    refreshCaps();
  }

  function markDirty() {
    dirty = true;
    form.querySelectorAll("[data-unsaved]").forEach((el) => el.classList.remove("d-none"));
  }

  function announceMove(row) {
    const rows = Array.from(row.parentElement.querySelectorAll("tr[data-entry]"));
    moveAnnouncer.textContent = fill(form.dataset.msgMoved, {
      title: row.dataset.title,
      position: rows.indexOf(row) + 1,
      count: rows.length,
    });
  }

  // Move buttons: reorder in place and keep the focus on the moved row.
  form.addEventListener("click", (event) => {
    const button = event.target.closest("[data-move]");
    if (!button) return;
    event.preventDefault();
    const row = button.closest("tr");
    const direction = button.dataset.move;
    const sibling = direction === "up" ? row.previousElementSibling : row.nextElementSibling;
    if (sibling && sibling.matches("tr[data-entry]")) {
      if (direction === "up") sibling.before(row);
      else sibling.after(row);
      refresh();
      markDirty();
    }
    const stillPossible = direction === "up" ? row.previousElementSibling : row.nextElementSibling;
    const other = row.querySelector(`[data-move="${direction === "up" ? "down" : "up"}"]`);
    (stillPossible ? button : other).focus();
    announceMove(row);
  });

  form.addEventListener("input", (event) => {
    if (event.target.matches("[data-amount], .direct-row input")) {
      refresh();
      markDirty();
    }
  });
  form.addEventListener("change", (event) => {
    if (event.target.matches("[data-delete]")) {
      refresh();
      markDirty();
    }
  });
  form.addEventListener("submit", () => {
    dirty = false;
  });
  window.addEventListener("beforeunload", (event) => {
    if (dirty) event.preventDefault();
  });

  // Freezing freezes what is saved: do not let unsaved edits be left behind silently.
  const freezeForm = document.querySelector("[data-freeze-form]");
  if (freezeForm) {
    freezeForm.addEventListener("submit", (event) => {
      if (!dirty) return;
      event.preventDefault();
      let notice = freezeForm.querySelector("[data-unsaved-notice]");
      if (!notice) {
        notice = document.createElement("div");
        notice.className = "alert alert-warning mt-2";
        notice.setAttribute("role", "alert");
        notice.dataset.unsavedNotice = "";
        freezeForm.append(notice);
      }
      notice.textContent = form.dataset.msgUnsaved;
    });
  }

  // A board shown again after a refused save holds what the user typed: total that up now.
  refresh();

  if (window.Sortable) {
    form.querySelectorAll("[data-board-list]").forEach((tbody) => {
      window.Sortable.create(tbody, {
        handle: ".drag-handle",
        draggable: "tr[data-entry]",
        animation: 150,
        onEnd: (event) => {
          if (event.oldIndex === event.newIndex) return;
          refresh();
          markDirty();
          announceMove(event.item);
        },
      });
    });
  }
})();
