// Small behaviours of the portal's pages, attached without inline handlers so the
// Content-Security-Policy can forbid inline script.
document.addEventListener('DOMContentLoaded', () => {
  // A select marked auto-submit submits its form when it changes (the scorecards' owner filter);
  // the form's button stays for keyboard and no-script use.
  for (const select of document.querySelectorAll('select.auto-submit')) {
    select.addEventListener('change', () => select.form.requestSubmit());
  }
});

// Action forms: the browser checks what the input schema says (required, lengths, pattern,
// bounds) and the message appears at the field; the server checks everything again.
document.addEventListener('DOMContentLoaded', () => {
  for (const form of document.querySelectorAll('form.action-form')) {
    form.addEventListener('submit', (event) => {
      let firstInvalid = null;
      for (const field of form.querySelectorAll('input, select, textarea')) {
        const message = document.getElementById(field.getAttribute('aria-describedby'));
        if (!message) {
          continue;
        }
        if (field.checkValidity()) {
          message.textContent = '';
          field.removeAttribute('aria-invalid');
        } else {
          message.textContent = field.validationMessage;
          field.setAttribute('aria-invalid', 'true');
          firstInvalid = firstInvalid || field;
        }
      }
      if (firstInvalid) {
        event.preventDefault();
        firstInvalid.focus();
      }
    });
  }
});
