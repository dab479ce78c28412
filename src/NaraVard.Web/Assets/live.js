// Live pages: the server names the log position whenever it moves (GET /live, server-sent events); the page
// then re-reads itself and swaps its [data-live] regions. Regions holding the keyboard focus are left alone,
// and forms live outside them, so nobody loses what they are typing.
(() => {
  "use strict";
  if (!window.EventSource || !document.querySelector("[data-live]")) return;

  const text = document.getElementById("live-text");
  const dot = document.getElementById("live-state");
  let seen = null;
  let pending = null;

  const positionOf = (root) => Math.max(0, ...[...root.querySelectorAll("[data-position]")].map((e) => Number(e.dataset.position) || 0));

  const say = (message, state) => {
    if (text) text.textContent = message;
    if (dot) dot.dataset.state = state;
  };

  async function refresh(target, attempt) {
    const response = await fetch(location.href, { credentials: "same-origin", headers: { "X-NaraVard-Live": "1" } });
    if (response.redirected && new URL(response.url).pathname === "/logga-in") {
      location.assign(response.url); // the session ended (signed out elsewhere, token revoked)
      return;
    }
    if (!response.ok) throw new Error(String(response.status));
    const next = new DOMParser().parseFromString(await response.text(), "text/html");
    const fresh = [...next.querySelectorAll("[data-live]")];
    [...document.querySelectorAll("[data-live]")].forEach((region, i) => {
      if (fresh[i] && !region.contains(document.activeElement)) region.replaceWith(document.adoptNode(fresh[i]));
    });
    // The roll-ups hear of a change a moment after the log does: read again until the page has caught up.
    if (positionOf(document) < target && attempt < 4) {
      pending = setTimeout(() => refresh(target, attempt + 1).catch(() => {}), 300);
      return;
    }
    say("Uppdaterad " + new Date().toLocaleTimeString("sv-SE", { timeZone: "Europe/Stockholm" }), "live");
  }

  const source = new EventSource("/live");
  source.addEventListener("position", (event) => {
    const position = Number(event.data);
    say("Uppdaterad " + new Date().toLocaleTimeString("sv-SE", { timeZone: "Europe/Stockholm" }), "live");
    // On (re)connecting, the page may already be behind: read it once; after that, follow every move.
    if (position > (seen ?? positionOf(document))) {
      clearTimeout(pending);
      refresh(position, seen === null ? 4 : 0).catch(() => say("Kunde inte uppdatera – försöker vid nästa ändring", "error"));
    }
    seen = position;
  });
  source.addEventListener("error", () => say("Frånkopplad – försöker igen …", "error"));
})();
