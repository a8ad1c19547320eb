// The warning before a signed-in person is signed out (WCAG 2.2.1, "extend"):
// templates/includes/_session_timeout.html, accounts/session_limits.py.
//
// The page says how many seconds were left when it was served. Shortly before the end, the
// script asks the server how long is really left (another tab may have kept the session
// going), and if the end is near, opens the dialog: "Stay signed in" starts the time again,
// without leaving the page, as often as the person likes. At the end it says they have been
// signed out, and leaves the page as it is, so nothing typed is lost from view.

const dialog = document.getElementById("session-timeout");

if (dialog && typeof dialog.showModal === "function" && window.fetch) {
  const warnBefore = Number(dialog.dataset.warnBefore) * 1000;
  const statusUrl = dialog.dataset.statusUrl;
  const warning = dialog.querySelector('[data-timeout-state="warning"]');
  const ended = dialog.querySelector('[data-timeout-state="ended"]');
  const countdown = dialog.querySelector("[data-timeout-countdown]");
  const stayForm = warning.querySelector("form");
  let endsAt = Date.now() + Number(dialog.dataset.secondsLeft) * 1000;
  let timer = null;
  let lastSaid = "";

  const say = (ms) => {
    const minutes = Math.ceil(ms / 60000);
    if (ms < 60000) return "in less than a minute";
    return minutes === 1 ? "in 1 minute" : `in ${minutes} minutes`;
  };

  const schedule = (ms) => {
    window.clearTimeout(timer);
    timer = window.setTimeout(tick, Math.max(250, Math.min(ms, 15000)));
  };

  const state = async (init) => {
    const response = await fetch(statusUrl, {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      ...init,
    });
    if (!response.ok) throw new Error(`session: ${response.status}`);
    return response.json();
  };

  const showEnded = () => {
    window.clearTimeout(timer);
    warning.hidden = true;
    ended.hidden = false;
    if (!dialog.open) dialog.showModal();
    ended.querySelector("h2").focus();
  };

  const showWarning = (left) => {
    const text = say(left);
    if (text !== lastSaid) {
      countdown.textContent = text;
      lastSaid = text;
    }
    if (!dialog.open) {
      warning.hidden = false;
      ended.hidden = true;
      dialog.showModal();
      document.getElementById("session-timeout-heading").focus();
    }
  };

  async function tick() {
    let left = endsAt - Date.now();
    if ((left <= warnBefore && !dialog.open) || left <= 0) {
      // Ask the server before warning, and before saying it is over.
      try {
        const now = await state();
        if (!now.signed_in) return showEnded();
        endsAt = Date.now() + Math.max(1, now.seconds_left) * 1000; // signed in: not over yet
        left = endsAt - Date.now();
      } catch {
        // The server did not answer: go by the page's own count.
      }
    }
    if (left <= 0) return showEnded();
    if (left <= warnBefore) showWarning(left);
    schedule(left <= warnBefore ? 1000 : left - warnBefore);
  }

  stayForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const now = await state({ method: "POST", body: new FormData(stayForm) });
      if (!now.signed_in) return showEnded();
      endsAt = Date.now() + now.seconds_left * 1000;
      dialog.close();
      schedule(endsAt - Date.now() - warnBefore);
    } catch {
      stayForm.submit(); // the plain form: back to this page, still signed in
    }
  });

  // Escape: as "Stay signed in" (the person is here), never a silent close.
  dialog.addEventListener("cancel", (event) => {
    event.preventDefault();
    if (warning.hidden) dialog.close();
    else stayForm.requestSubmit();
  });
  ended.querySelector("[data-timeout-close]").addEventListener("click", () => dialog.close());

  schedule(endsAt - Date.now() - warnBefore);
}
