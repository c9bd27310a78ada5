// Fills in translations that were still being made when the post page was served (status "pending"):
// polls the translations API a few times with growing pauses; once nothing is pending it fetches the page
// again and swaps in the server-rendered translation slots. Loaded only on pages with a pending translation.
(() => {
  'use strict';
  const marker = document.querySelector('[data-translation-poll]');
  if (!marker) {
    return;
  }

  const url = marker.getAttribute('data-translation-poll');
  const pauses = [1000, 2000, 4000, 8000, 16000];

  const pending = (value) => {
    if (Array.isArray(value)) {
      return value.some(pending);
    }

    return value !== null && typeof value === 'object'
      && (value.status === 'pending' || Object.values(value).some(pending));
  };

  const fillIn = async () => {
    const response = await fetch(window.location.href, { credentials: 'same-origin', headers: { Accept: 'text/html' } });
    if (!response.ok) {
      return;
    }

    const fresh = new DOMParser().parseFromString(await response.text(), 'text/html');
    for (const slot of document.querySelectorAll('[data-translation-slot]')) {
      const name = slot.getAttribute('data-translation-slot');
      const replacement = fresh.querySelector(`[data-translation-slot="${CSS.escape(name)}"]`);
      if (replacement) {
        slot.replaceWith(document.importNode(replacement, true));
      }
    }
  };

  const poll = async (attempt) => {
    try {
      const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (response.ok && !pending(await response.json())) {
        await fillIn();
        return;
      }
    } catch {
      // A moment offline: the next attempt tries again.
    }

    if (attempt + 1 < pauses.length) {
      window.setTimeout(() => poll(attempt + 1), pauses[attempt + 1]);
    }
  };

  window.setTimeout(() => poll(0), pauses[0]);
})();
