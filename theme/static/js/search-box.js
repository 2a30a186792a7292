/*
  The header's search box (theme/templates/base.html).

  The page comes with a link to the tags index and the box invisible in the
  same place (layout.css): without JavaScript the search page could do
  nothing. Marking the box ready swaps them; nothing moves. The site's
  Content-Security-Policy allows no form submission (form-action 'none'),
  so the box opens the search page with ?q= itself.
*/
for (const box of document.querySelectorAll("[data-search-box]")) {
  const form = box.querySelector("form");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const target = new URL(form.action);
    const words = form.elements.q.value.trim();
    if (words) {
      target.searchParams.set("q", words);
    }
    window.location.assign(target);
  });
  box.setAttribute("data-search-ready", "");
}
