// Small behaviours of the portal's pages, attached without inline handlers so the
// Content-Security-Policy can forbid inline script.
document.addEventListener('DOMContentLoaded', () => {
  // A select marked auto-submit submits its form when it changes (the scorecards' owner filter);
  // the form's button stays for keyboard and no-script use.
  for (const select of document.querySelectorAll('select.auto-submit')) {
    select.addEventListener('change', () => select.form.requestSubmit());
  }
});
