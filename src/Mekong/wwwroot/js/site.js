// Every page: the header's language and theme choices take effect as soon as they are picked (a plain form post,
// so they also work, with a button, when scripts are off).
for (const select of document.querySelectorAll('select[data-autosubmit]')) {
  select.addEventListener('change', () => select.form.requestSubmit());
}
