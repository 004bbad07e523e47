// Two accessibility repairs to the theme's markup, found by axe-core in tests/test_book_in_browser.py.
document.addEventListener("DOMContentLoaded", () => {
  // A control's accessible name must include the words it shows ("Search Ctrl + K", not "Search").
  document.querySelectorAll(".search-button__button[aria-label]").forEach((button) => {
    button.setAttribute("aria-label", button.textContent.replace(/\s+/g, " ").trim());
  });
  // The sidebar's expand arrows are <summary> elements with an icon and no words.
  document.querySelectorAll("summary").forEach((summary) => {
    if (!summary.textContent.trim() && !summary.getAttribute("aria-label")) {
      summary.setAttribute("aria-label", "Show or hide the pages of this part");
    }
  });
});
