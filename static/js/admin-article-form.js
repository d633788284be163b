// The article form at the desk: autosave (on the server every few seconds, and in this
// browser as a second line), who else has the article open, lengths and counts, and a
// confirmation before publishing or withdrawing. Without JavaScript the form works as a
// plain form; nothing here is needed to save.
// Scripts of the admin load in the head, before the form exists.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var form = document.getElementById("article_form");
  var desk = document.getElementById("article-form-desk");
  if (!form || !desk) {
    return;
  }
  var FIELDS = [
    "title", "slug", "summary", "body", "tags", "published_at_0", "published_at_1",
    "language", "byline", "source", "original_url", "copyright_notice",
  ];
  var AUTOSAVE_EVERY = 5000;
  var PRESENCE_EVERY = 20000;
  var KEEP_ALIVE_EVERY = 10 * 60 * 1000;
  var storageKey = "newsroom-article-form:" + location.pathname;

  function field(name) {
    return form.elements.namedItem(name);
  }

  function typed() {
    var data = {};
    FIELDS.forEach(function (name) {
      var element = field(name);
      if (element && element.value !== undefined) {
        data[name] = element.value;
      }
    });
    var source = field("source");
    if (source && source.selectedOptions && source.selectedOptions.length) {
      data.source_label = source.selectedOptions[0].textContent;
    }
    return data;
  }

  function fill(data) {
    FIELDS.forEach(function (name) {
      var element = field(name);
      if (!element || data[name] === undefined) {
        return;
      }
      if (element.tagName === "SELECT" && data[name] &&
          !element.querySelector('option[value="' + CSS.escape(data[name]) + '"]')) {
        element.appendChild(new Option(data.source_label || data[name], data[name]));
      }
      element.value = data[name];
      element.dispatchEvent(new Event("input", { bubbles: true }));
      element.dispatchEvent(new Event("change", { bubbles: true }));
      if (element.tagName === "SELECT" && window.django && window.django.jQuery) {
        window.django.jQuery(element).trigger("change");
      }
    });
  }

  function sameAs(data) {
    var now = typed();
    return FIELDS.every(function (name) {
      return data[name] === undefined || now[name] === undefined || data[name] === now[name];
    });
  }

  // The interface's texts come translated from the page, with {name} for each value.
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
  }

  function clock(date) {
    return date.toLocaleTimeString(document.documentElement.lang || undefined,
      { hour: "2-digit", minute: "2-digit" });
  }

  // The browser's own copy: kept on every change, dropped once the form was sent (the server
  // then has it: saved, shown again with errors, or kept over a login).
  function keepLocally(submitted) {
    try {
      localStorage.setItem(storageKey, JSON.stringify({
        data: typed(), at: Date.now(), submitted: submitted,
      }));
    } catch (error) { /* storage full or forbidden: the server's autosave remains */ }
  }

  function offerLocalCopy() {
    var stored;
    try {
      stored = JSON.parse(localStorage.getItem(storageKey) || "null");
    } catch (error) {
      stored = null;
    }
    if (!stored) {
      return;
    }
    if (stored.submitted || sameAs(stored.data)) {
      localStorage.removeItem(storageKey);
      return;
    }
    var offer = document.getElementById("local-offer");
    var text = document.getElementById("local-offer-text");
    text.textContent = format(text.dataset.template, { time: clock(new Date(stored.at)) });
    offer.hidden = false;
    document.getElementById("local-restore").addEventListener("click", function () {
      fill(stored.data);
      offer.hidden = true;
    });
    document.getElementById("local-dismiss").addEventListener("click", function () {
      localStorage.removeItem(storageKey);
      offer.hidden = true;
    });
  }

  function offerServerAutosave() {
    var offer = document.getElementById("autosave-offer");
    if (!offer) {
      return;
    }
    var data = JSON.parse(document.getElementById("autosave-data").textContent);
    document.getElementById("autosave-restore").addEventListener("click", function () {
      fill(data);
      offer.hidden = true;
    });
    document.getElementById("autosave-dismiss").addEventListener("click", function () {
      offer.hidden = true;
    });
  }

  // The server's copy, every few seconds while something changed since the last one.
  var status = document.getElementById("autosave-status");
  var lastSent = JSON.stringify(typed());

  function post(url, values) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", field("csrfmiddlewaretoken").value);
    Object.keys(values).forEach(function (name) { body.append(name, values[name]); });
    return fetch(url, {
      method: "POST", body: body, credentials: "same-origin", redirect: "error",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json();
    });
  }

  function autosave() {
    var data = typed();
    var now = JSON.stringify(data);
    if (now === lastSent) {
      return;
    }
    post(desk.dataset.autosaveUrl, data).then(function (answer) {
      lastSent = now;
      status.textContent = format(status.dataset.saved, { time: answer.saved_at });
    }).catch(function () {
      status.textContent = status.dataset.failed;
    });
  }

  // Who else has the article open; the same request keeps this person's session alive.
  function presence() {
    var notice = document.getElementById("presence-notice");
    post(desk.dataset.presenceUrl, {}).then(function (answer) {
      var names = answer.others.map(function (other) {
        return format(notice.dataset.person, other);
      });
      notice.textContent = names.length ? notice.dataset.intro + " " + names.join(", ") : "";
      notice.hidden = !names.length;
    }).catch(function () { /* tried again shortly */ });
  }

  // Lengths against what headlines and summaries should keep to; the body's words.
  function counter(name, limit) {
    var element = field(name);
    if (!element || element.type === "hidden") {
      return;
    }
    var output = document.createElement("p");
    output.className = "help length-count";
    output.id = "count-" + name;
    output.setAttribute("aria-live", "polite");
    element.insertAdjacentElement("afterend", output);
    var template = limit ? desk.dataset.countLimit : desk.dataset.countWords;
    function update() {
      var text = element.value;
      var words = text.trim() ? text.trim().split(/\s+/).length : 0;
      output.textContent = format(template, {
        characters: text.length, words: words, limit: limit,
      });
      output.classList.toggle("over-limit", Boolean(limit) && text.length > limit);
    }
    element.addEventListener("input", update);
    update();
  }

  // Publishing and withdrawing ask first.
  var dialog = document.getElementById("confirm-action");
  var confirmed = null;
  form.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-confirm]");
    if (!button || !dialog || button === confirmed) {
      return;
    }
    event.preventDefault();
    document.getElementById("confirm-action-text").textContent = button.dataset.confirm;
    dialog.showModal();
    document.getElementById("confirm-action-yes").onclick = function () {
      dialog.close();
      confirmed = button;
      var answer = document.createElement("input");
      answer.type = "hidden";
      answer.name = "_confirmed";
      answer.value = "1";
      form.appendChild(answer);
      form.requestSubmit(button);
    };
    document.getElementById("confirm-action-no").onclick = function () {
      dialog.close();
      button.focus();
    };
  });

  // "Publish" becomes "Schedule for …" when the publication time is still to come.
  function publishLabel() {
    var button = form.querySelector('button[name="status"][value="published"]');
    var date = field("published_at_0");
    var time = field("published_at_1");
    if (!button || !date || !time) {
      return;
    }
    button.dataset.publishLabel = button.dataset.publishLabel || button.textContent;
    function update() {
      var moment = new Date(date.value + "T" + (time.value || "00:00"));
      var future = date.value && !isNaN(moment) && moment > new Date();
      button.textContent = future
        ? format(button.parentNode.dataset.scheduleTemplate, { moment: date.value + " " + time.value })
        : button.dataset.publishLabel;
    }
    date.addEventListener("change", update);
    time.addEventListener("change", update);
    date.addEventListener("input", update);
    time.addEventListener("input", update);
  }

  form.addEventListener("input", function () { keepLocally(false); });
  form.addEventListener("change", function () { keepLocally(false); });
  var submitted = false;
  form.addEventListener("submit", function () {
    keepLocally(true);
    submitted = true;
  });
  offerServerAutosave();
  offerLocalCopy();
  counter("title", 70);
  counter("summary", 160);
  counter("body", 0);
  publishLabel();
  setInterval(autosave, AUTOSAVE_EVERY);
  // Any request renews the session; a form left open without typing asks now and then.
  setInterval(function () {
    fetch(desk.dataset.autosaveUrl, { credentials: "same-origin", redirect: "error" })
      .catch(function () { /* the next save says whether the session is still there */ });
  }, KEEP_ALIVE_EVERY);
  if (desk.dataset.presenceUrl) {
    setInterval(presence, PRESENCE_EVERY);
    window.addEventListener("pagehide", function () {
      // A save closes the form on the server itself. A goodbye sent beside it could arrive
      // after the login that follows a lost session, and the answer to its old session
      // would take the new one away, and the kept text with it.
      if (submitted) {
        return;
      }
      var body = new FormData();
      body.append("csrfmiddlewaretoken", field("csrfmiddlewaretoken").value);
      body.append("leave", "1");
      navigator.sendBeacon(desk.dataset.presenceUrl, body);
    });
  }
});
