// sphinx-copybutton drops a code block's final newline from what it copies; the guide
// promises the file byte for byte. With public DOM events only: the copy button's click
// is noted (capture phase, before clipboard.js acts on it), and in the copy event that
// clipboard.js then triggers, the block's final newline is put back.
(() => {
  let block = null;
  document.addEventListener("click", (event) => {
    const button = event.target.closest ? event.target.closest("button.copybtn") : null;
    const target = button && button.getAttribute("data-clipboard-target");
    block = target ? document.querySelector(target) : null;
  }, true);
  document.addEventListener("copy", (event) => {
    const source = block;
    block = null;
    if (!source || !source.textContent.endsWith("\n")) {
      return;
    }
    const copied = typeof event.target.value === "string"
      ? event.target.value : document.getSelection().toString();
    if (!copied.endsWith("\n")) {
      event.clipboardData.setData("text/plain", copied + "\n");
      event.preventDefault();
    }
  });
})();
