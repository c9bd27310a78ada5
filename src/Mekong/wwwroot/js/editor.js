// The Markdown editor for every textarea[data-editor]: a small formatting toolbar, a preview rendered by the
// server's own sanitizing renderer (POST /api/v1/markdown/preview), @mention suggestions as a listbox
// (GET /api/v1/members/suggest) and the Quote buttons of the post page. No inline code: CSP-safe.
(() => {
  'use strict';
  const text = document.getElementById('editor-text');
  if (!text) {
    return;
  }

  const label = (name) => text.getAttribute('data-' + name) || name;
  let counter = 0;

  const tokenOf = (textarea) => {
    const form = textarea.form || document.querySelector('form');
    const input = form && form.querySelector('input[name="__RequestVerificationToken"]');
    return input ? input.value : '';
  };

  // Wraps the selection (or inserts a sample) and keeps the selection on the wrapped text.
  const wrap = (textarea, before, after, sample) => {
    const start = textarea.selectionStart;
    const end = textarea.selectionEnd;
    const selected = textarea.value.slice(start, end) || sample;
    textarea.setRangeText(before + selected + after, start, end, 'end');
    textarea.setSelectionRange(start + before.length, start + before.length + selected.length);
    textarea.focus();
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  };

  // Prefixes every selected line (quote, list).
  const prefixLines = (textarea, prefix) => {
    const value = textarea.value;
    const start = value.lastIndexOf('\n', textarea.selectionStart - 1) + 1;
    const end = textarea.selectionEnd;
    const lines = value.slice(start, end).split('\n').map((line) => prefix + line).join('\n');
    textarea.setRangeText(lines, start, end, 'end');
    textarea.focus();
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  };

  const actions = {
    bold: (t) => wrap(t, '**', '**', label('bold')),
    italic: (t) => wrap(t, '*', '*', label('italic')),
    link: (t) => wrap(t, '[', '](https://)', label('link')),
    quote: (t) => prefixLines(t, '> '),
    list: (t) => prefixLines(t, '- '),
    code: (t) => (t.value.slice(t.selectionStart, t.selectionEnd).includes('\n') ? wrap(t, '```\n', '\n```', '') : wrap(t, '`', '`', label('code'))),
  };

  const icons = { bold: 'B', italic: 'I', link: '🔗', quote: '❝', list: '•', code: '</>' };

  const preview = async (textarea, box, button) => {
    if (!box.hidden) {
      box.hidden = true;
      textarea.hidden = false;
      button.textContent = label('preview');
      button.setAttribute('aria-pressed', 'false');
      textarea.focus();
      return;
    }

    button.setAttribute('aria-pressed', 'true');
    button.textContent = label('write');
    box.hidden = false;
    textarea.hidden = true;
    box.textContent = '…';
    try {
      const response = await fetch('/api/v1/markdown/preview', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json', RequestVerificationToken: tokenOf(textarea) },
        body: JSON.stringify({ markdown: textarea.value }),
      });
      if (!response.ok) {
        box.textContent = label('failed');
        return;
      }

      const html = (await response.json()).html;
      // The server's renderer sanitizes exactly as it does for saved posts and comments.
      box.innerHTML = html || '';
      if (!html) {
        box.textContent = label('empty');
      }
    } catch {
      box.textContent = label('failed');
    }
  };

  // @mention suggestions: a listbox under the textarea, driven by the keyboard (aria-activedescendant).
  const mentions = (textarea) => {
    const list = document.createElement('ul');
    const id = 'mention-list-' + (++counter);
    list.id = id;
    list.className = 'mention-list';
    list.setAttribute('role', 'listbox');
    list.setAttribute('aria-label', label('suggestions'));
    list.hidden = true;
    textarea.insertAdjacentElement('afterend', list);
    textarea.setAttribute('aria-autocomplete', 'list');
    textarea.setAttribute('aria-controls', id);
    let active = -1;
    let items = [];
    let query = null;
    let timer = 0;

    const close = () => {
      list.hidden = true;
      list.replaceChildren();
      items = [];
      active = -1;
      textarea.removeAttribute('aria-activedescendant');
    };

    const highlight = (index) => {
      active = index;
      items.forEach((li, i) => li.setAttribute('aria-selected', i === index ? 'true' : 'false'));
      if (index >= 0) {
        textarea.setAttribute('aria-activedescendant', items[index].id);
      } else {
        textarea.removeAttribute('aria-activedescendant');
      }
    };

    const choose = (index) => {
      const handle = items[index] && items[index].getAttribute('data-handle');
      if (!handle || !query) {
        return;
      }

      textarea.setRangeText('@' + handle + ' ', query.start, textarea.selectionStart, 'end');
      close();
      textarea.focus();
    };

    const prefixAtCaret = () => {
      const before = textarea.value.slice(0, textarea.selectionStart);
      const match = /(^|[^\w@])@([a-z0-9_]{1,30})$/i.exec(before);
      return match ? { start: before.length - match[2].length - 1, prefix: match[2].toLowerCase() } : null;
    };

    const suggest = async () => {
      query = prefixAtCaret();
      if (!query) {
        close();
        return;
      }

      const asked = query.prefix;
      try {
        const response = await fetch('/api/v1/members/suggest?q=' + encodeURIComponent(asked) + '&limit=8', {
          credentials: 'same-origin', headers: { Accept: 'application/json' },
        });
        if (!response.ok || !query || query.prefix !== asked) {
          return;
        }

        const members = await response.json();
        list.replaceChildren();
        items = members.map((m, i) => {
          const li = document.createElement('li');
          li.id = id + '-' + i;
          li.setAttribute('role', 'option');
          li.setAttribute('data-handle', m.handle);
          li.textContent = '@' + m.handle + (m.displayName ? ' · ' + m.displayName : '');
          li.addEventListener('mousedown', (e) => {
            e.preventDefault();
            choose(i);
          });
          list.appendChild(li);
          return li;
        });
        if (items.length === 0) {
          close();
          return;
        }

        list.hidden = false;
        highlight(0);
      } catch {
        close();
      }
    };

    textarea.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(suggest, 150);
    });
    textarea.addEventListener('blur', () => setTimeout(close, 100));
    textarea.addEventListener('keydown', (e) => {
      if (list.hidden || items.length === 0) {
        return;
      }

      if (e.key === 'ArrowDown') {
        e.preventDefault();
        highlight((active + 1) % items.length);
      } else if (e.key === 'ArrowUp') {
        e.preventDefault();
        highlight((active - 1 + items.length) % items.length);
      } else if (e.key === 'Enter' || e.key === 'Tab') {
        e.preventDefault();
        choose(Math.max(active, 0));
      } else if (e.key === 'Escape') {
        e.preventDefault();
        close();
      }
    });
  };

  const enhance = (textarea) => {
    const bar = document.createElement('div');
    bar.className = 'editor-toolbar';
    bar.setAttribute('role', 'toolbar');
    bar.setAttribute('aria-label', label('toolbar'));
    for (const name of Object.keys(actions)) {
      const button = document.createElement('button');
      button.type = 'button';
      button.className = 'tool tool-' + name;
      button.textContent = icons[name];
      button.title = label(name);
      button.setAttribute('aria-label', label(name));
      button.setAttribute('data-tool', name);
      button.addEventListener('click', () => actions[name](textarea));
      bar.appendChild(button);
    }

    const box = document.createElement('div');
    box.className = 'editor-preview comment-body';
    box.hidden = true;
    box.setAttribute('aria-live', 'polite');
    box.setAttribute('data-testid', 'editor-preview');
    const toggle = document.createElement('button');
    toggle.type = 'button';
    toggle.className = 'tool tool-preview';
    toggle.textContent = label('preview');
    toggle.setAttribute('aria-pressed', 'false');
    toggle.setAttribute('data-tool', 'preview');
    toggle.addEventListener('click', () => preview(textarea, box, toggle));
    bar.appendChild(toggle);
    textarea.insertAdjacentElement('beforebegin', bar);
    textarea.insertAdjacentElement('afterend', box);
    mentions(textarea);
  };

  document.querySelectorAll('textarea[data-editor]').forEach(enhance);

  // Quote: opens the comment's reply box with the comment quoted; the reply is linked to it (its parent).
  document.querySelectorAll('button[data-quote]').forEach((button) => {
    button.hidden = false;
    button.addEventListener('click', () => {
      const id = button.getAttribute('data-quote');
      const comment = document.getElementById('c-' + id);
      const details = comment && comment.querySelector('details[data-reply-for="' + id + '"]');
      const textarea = details && details.querySelector('textarea');
      if (!textarea) {
        return;
      }

      const body = comment.querySelector('.comment-body');
      const quoted = (body ? body.innerText : '').trim().split('\n').map((line) => '> ' + line).join('\n');
      details.open = true;
      textarea.value = quoted + '\n\n' + textarea.value;
      textarea.focus();
      textarea.setSelectionRange(textarea.value.length, textarea.value.length);
    });
  });
})();
