// Tell the writer, while editing, that someone else saved in the meantime (checked every
// 30 seconds and whenever the window gets focus); the save itself then shows both texts.
document.addEventListener("DOMContentLoaded", () => {
  const form = document.querySelector("form[data-revision-url]");
  const banner = document.querySelector("[data-stale-banner]");
  if (!form || !banner) {
    return;
  }
  const check = async () => {
    if (form.dataset.coeditingLive === "true") {
      return; // editing together: the others' saves are in the text already (editor.js)
    }
    try {
      const response = await fetch(form.dataset.revisionUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) {
        return;
      }
      const current = await response.json();
      if (String(current.revision) !== form.dataset.revision) {
        banner.querySelector("[data-stale-by]").textContent = current.updated_by
          ? `(${current.updated_by})`
          : "";
        banner.hidden = false;
      }
    } catch {
      // Offline for a moment: the save will still detect the conflict.
    }
  };
  window.addEventListener("focus", check);
  window.setInterval(check, 30000);
});
