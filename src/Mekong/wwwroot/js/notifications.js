// Keeps the header's unread-notifications badge current without a reload: every 20 s while the tab is visible,
// and whenever the tab comes back into view or focus.
(() => {
  const link = document.querySelector('.notifications-link');
  if (!link) return;
  const badge = link.querySelector('.unread-badge');
  let busy = false;
  const show = n => {
    badge.textContent = String(n);
    badge.hidden = n === 0;
    const words = n === 1 ? link.dataset.one : link.dataset.many.replace('{0}', String(n));
    link.setAttribute('aria-label', link.dataset.label + ' (' + words + ')');
  };
  const poll = async () => {
    if (busy || document.visibilityState !== 'visible') return;
    busy = true;
    try {
      const r = await fetch('/api/v1/me/notifications/unread-count', { credentials: 'same-origin', headers: { Accept: 'application/json' } });
      if (r.ok) show((await r.json()).unread);
    } catch { /* offline: try again later */ } finally { busy = false; }
  };
  setInterval(poll, 20000);
  document.addEventListener('visibilitychange', poll);
  window.addEventListener('focus', poll);
})();
