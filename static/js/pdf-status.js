// While a PDF is being made, fetch this page again every five seconds and replace only
// its PDF status area, so that nothing else on the page (a half-typed reason) is lost.
// A chapter PDF's own page answers with the file itself once it is ready: download it.
document.addEventListener("DOMContentLoaded", () => {
  const area = document.querySelector("[data-pdf-status][data-pdf-pending]");
  if (!area) {
    return;
  }
  const check = async () => {
    try {
      const response = await fetch(window.location.href, { credentials: "same-origin" });
      if (response.ok && response.headers.get("Content-Type") === "application/pdf") {
        window.location.assign(window.location.href);
        return;
      }
      if (response.ok) {
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const fresh = page.querySelector("[data-pdf-status]");
        if (fresh) {
          area.innerHTML = fresh.innerHTML;
          if (!fresh.hasAttribute("data-pdf-pending")) {
            area.removeAttribute("data-pdf-pending");
            return;
          }
        }
      }
    } catch {
      // Offline for a moment: try again at the next turn.
    }
    window.setTimeout(check, 5000);
  };
  window.setTimeout(check, 5000);
});
