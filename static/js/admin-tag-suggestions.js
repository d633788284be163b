// Existing tags suggested while a tag box is typed in. The box holds names separated by
// commas; the suggestions complete the name being typed (the text after the last comma) and
// are offered through the browser's own <datalist>, which works by keyboard and for screen
// readers as any suggestion list does.
// Scripts of the admin load in the head, before the form exists.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  function attach(input) {
    var url = input.dataset.tagSuggest;
    var list = document.getElementById(input.getAttribute("list"));
    if (!list) {
      list = document.createElement("datalist");
      list.id = input.getAttribute("list");
      input.insertAdjacentElement("afterend", list);
    }
    var asked = "";
    var timer = null;
    input.addEventListener("input", function () {
      var parts = input.value.split(",");
      var typed = parts.pop().trim();
      var before = parts.map(function (part) { return part.trim(); }).filter(Boolean);
      clearTimeout(timer);
      if (typed.length < 2 || typed === asked) {
        return;
      }
      timer = setTimeout(function () {
        asked = typed;
        fetch(url + "?q=" + encodeURIComponent(typed), { credentials: "same-origin" })
          .then(function (response) { return response.ok ? response.json() : { names: [] }; })
          .then(function (answer) {
            list.replaceChildren.apply(list, answer.names.map(function (name) {
              var value = before.concat([name]).join(", ");
              return new Option(value, value);
            }));
          })
          .catch(function () { /* no suggestions; typing still works */ });
      }, 200);
    });
  }
  document.querySelectorAll("input[data-tag-suggest]").forEach(attach);
});
