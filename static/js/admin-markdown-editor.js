// The article body's Markdown editor: EasyMDE (static/vendor/easymde, see `make vendor`) over
// the plain textarea, which stays the form's field (kept in step as one types), so that the
// form, its autosave and, without JavaScript, the textarea itself all work the same.
// The preview is rendered by the server, exactly as readers will see the text.
//
// Other parts of the admin may add toolbar buttons (a picture from the library, say) by
// defining window.newsroomMarkdownButtons, an array of EasyMDE toolbar items, before the
// page has loaded.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";
  var textarea = document.getElementById("id_body");
  var desk = document.getElementById("article-form-desk");
  if (!textarea || !desk || !window.EasyMDE || textarea.readOnly) {
    return;
  }
  var words = JSON.parse(document.getElementById("markdown-editor-words").textContent);
  var form = textarea.form;
  var rendered = null;

  function renderOnServer(text, preview) {
    var body = new FormData();
    body.append("csrfmiddlewaretoken", form.elements.namedItem("csrfmiddlewaretoken").value);
    body.append("text", text);
    fetch(desk.dataset.markdownPreviewUrl, {
      method: "POST", body: body, credentials: "same-origin", redirect: "error",
    }).then(function (response) {
      if (!response.ok) {
        throw new Error(response.status);
      }
      return response.json();
    }).then(function (answer) {
      rendered = answer.html;
      preview.innerHTML = answer.html;  // Markdown without raw HTML: see articles/text.py
    }).catch(function () {
      preview.textContent = words.previewFailed;
    });
    return rendered === null ? words.previewLoading : rendered;
  }

  var E = window.EasyMDE;
  var toolbar = [
    { name: "bold", action: E.toggleBold, text: words.bold, title: words.boldTitle },
    { name: "italic", action: E.toggleItalic, text: words.italic, title: words.italicTitle },
    { name: "heading", action: E.toggleHeading2, text: words.heading, title: words.headingTitle },
    "|",
    { name: "quote", action: E.toggleBlockquote, text: words.quote, title: words.quoteTitle },
    { name: "unordered-list", action: E.toggleUnorderedList, text: words.list, title: words.listTitle },
    { name: "link", action: E.drawLink, text: words.link, title: words.linkTitle },
  ].concat(window.newsroomMarkdownButtons || []).concat([
    "|",
    { name: "preview", action: E.togglePreview, text: words.preview, title: words.previewTitle, noDisable: true },
    { name: "side-by-side", action: E.toggleSideBySide, text: words.sideBySide, title: words.sideBySideTitle, noDisable: true },
  ]);

  var editor = new E({
    element: textarea,
    autoDownloadFontAwesome: false,
    spellChecker: false,
    nativeSpellcheck: true,
    forceSync: true,
    minHeight: "20rem",
    toolbar: toolbar,
    status: false,
    sideBySideFullscreen: false,
    previewRender: renderOnServer,
    inputStyle: "contenteditable",
  });
  // The form's other scripts (autosave, counts, this browser's copy) listen to the textarea.
  editor.codemirror.on("change", function () {
    editor.codemirror.save();
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  });
  // Restoring an autosave fills the textarea; the editor shows what it was given.
  textarea.addEventListener("change", function () {
    if (editor.value() !== textarea.value) {
      editor.value(textarea.value);
    }
  });
  var input = editor.codemirror.getInputField();
  input.setAttribute("aria-labelledby", textarea.id + "-label");
  var label = document.querySelector('label[for="' + textarea.id + '"]');
  if (label) {
    label.id = textarea.id + "-label";
  }
});
