// mbd's pages work without this script; it only enhances them: local times, copy buttons,
// confirmations, and live build logs (appended as text, never interpreted as HTML).
(function () {
  'use strict';

  function localizeTimes(root) {
    root.querySelectorAll('time[datetime]:not([data-local])').forEach(function (element) {
      var date = new Date(element.getAttribute('datetime'));
      if (isNaN(date.getTime())) return;
      element.textContent = date.toLocaleString();
      element.setAttribute('data-local', '');
    });
  }

  function wireCopyButtons(root) {
    root.querySelectorAll('button.copy[data-copy]:not([data-wired])').forEach(function (button) {
      button.setAttribute('data-wired', '');
      button.hidden = false;
      button.addEventListener('click', function () {
        var source = document.getElementById(button.getAttribute('data-copy'));
        if (!source || !navigator.clipboard) return;
        navigator.clipboard.writeText(source.textContent).then(function () { button.textContent = 'Copied'; });
      });
    });
  }

  function wireConfirmations(root) {
    root.querySelectorAll('form[data-confirm]:not([data-wired])').forEach(function (form) {
      form.setAttribute('data-wired', '');
      form.addEventListener('submit', function (event) {
        if (!window.confirm(form.getAttribute('data-confirm'))) event.preventDefault();
      });
    });
  }

  function followLiveLogs(root) {
    root.querySelectorAll('pre[data-live-log]:not([data-wired])').forEach(function (pre) {
      pre.setAttribute('data-wired', '');
      var stream = new EventSource(pre.getAttribute('data-live-log'));
      var status = document.getElementById(pre.getAttribute('data-live-status') || '');
      stream.onmessage = function (message) {
        var atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 8;
        pre.appendChild(document.createTextNode(message.data + '\n'));
        if (atBottom) pre.scrollTop = pre.scrollHeight;
      };
      // The stream ends with the build (or the connection): never reconnect, which would replay the log.
      stream.onerror = function () {
        stream.close();
        if (status) status.textContent = 'The live log has ended: reload the page for the result and the whole log.';
      };
    });
  }

  function enhance(root) {
    localizeTimes(root);
    wireCopyButtons(root);
    wireConfirmations(root);
    followLiveLogs(root);
  }

  document.addEventListener('DOMContentLoaded', function () { enhance(document); });
  document.addEventListener('htmx:load', function (event) { enhance(event.target); });
  // Rows the live tail adds (htmx's SSE extension swaps them in).
  document.addEventListener('htmx:afterSwap', function (event) { enhance(event.detail.target || document); });
  document.addEventListener('htmx:sseMessage', function () { enhance(document); });
})();
