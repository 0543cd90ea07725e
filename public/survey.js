/*
 * Progressive enhancement of the citizen survey (the form works without it).
 * - One tap sends once: the button is disabled while sending.
 * - A flaky network never loses an answer: a submission that cannot reach the
 *   server is kept on the phone and re-sent until it arrives. Every form carries
 *   a client-made id, so a re-send is stored once.
 * Written for old Android browsers: no modules, no build step.
 */
(function () {
  "use strict";
  var KEY = "hailong.pending";
  var form = document.querySelector("form[data-survey]");
  if (!form || !window.fetch || !window.localStorage) return;
  var button = form.querySelector("button[type=submit]");
  var status = form.querySelector("[data-status]");
  var retryTimer = null;

  function pending() {
    try { return JSON.parse(localStorage.getItem(KEY) || "[]"); } catch (e) { return []; }
  }
  function keep(items) {
    try { localStorage.setItem(KEY, JSON.stringify(items)); } catch (e) { /* storage full or blocked */ }
  }
  function encode(f) {
    var parts = [];
    for (var i = 0; i < f.elements.length; i++) {
      var el = f.elements[i];
      if (!el.name || el.disabled) continue;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) continue;
      if (el.type === "submit" || el.type === "button") continue;
      parts.push(encodeURIComponent(el.name) + "=" + encodeURIComponent(el.value));
    }
    return parts.join("&");
  }
  function post(item) {
    return fetch(item.action, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: item.body,
      credentials: "same-origin",
      redirect: "follow"
    });
  }
  function showPage(response) {
    if (response.redirected) { window.location.assign(response.url); return; }
    return response.text().then(function (html) {
      document.open();
      document.write(html);
      document.close();
    });
  }
  function say(text) { if (status) status.textContent = text; }

  /** Re-sends kept submissions, oldest first; stops at the first network failure. */
  function flush(current) {
    var items = pending();
    if (items.length === 0) return;
    var item = items[0];
    if (current) say(form.getAttribute("data-msg-retrying"));
    post(item).then(function (response) {
      if (response.status >= 500) throw new Error("server");
      keep(pending().filter(function (p) { return p.id !== item.id; }));
      if (current && item.id === current) return showPage(response);
      flush(current);
    }).catch(function () {
      if (current) say(form.getAttribute("data-msg-offline"));
      clearTimeout(retryTimer);
      retryTimer = setTimeout(function () { flush(current); }, 10000);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (form.getAttribute("data-sending")) return;
    form.setAttribute("data-sending", "1");
    button.disabled = true;
    button.textContent = form.getAttribute("data-msg-submitting");
    var item = { id: form.elements.id.value, action: form.action, body: encode(form) };
    post(item).then(function (response) {
      if (response.status >= 500) throw new Error("server");
      return showPage(response);
    }).catch(function () {
      keep(pending().concat([item]));
      say(form.getAttribute("data-msg-offline"));
      retryTimer = setTimeout(function () { flush(item.id); }, 5000);
      window.addEventListener("online", function () { flush(item.id); });
    });
  });

  // Back from the thank-you page, a phone may show this page from its cache
  // as it was left: sending. Give the citizen a working button again.
  window.addEventListener("pageshow", function (event) {
    if (!event.persisted) return;
    form.removeAttribute("data-sending");
    button.disabled = false;
    button.textContent = form.getAttribute("data-msg-submit");
  });

  // Something kept from an earlier visit: send it now.
  flush(null);
})();
