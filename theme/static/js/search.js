/*
  The search page (theme/templates/search.html): finds items in the Pagefind
  index that briefing.pelican.search builds, by words, tag and source.

  - The form is on the page from the first paint (search.css hides it when
    JavaScript is off); this script changes nothing of its size or place.
    Pagefind's script and index load from the site itself (data-bundle)
    once the page has been painted, so they never hold up its first paint;
    the reader may type meanwhile. The index comes in shards
    of consecutive days, listed newest first in shards.json: the newest
    is Pagefind's own index, the others are merged into it, so results
    found by tag or source alone come newest first across shards too.
  - ?q=, ?tag= and ?source= fill the form, and each search writes them back
    into the address, so a search can be bookmarked, shared and reloaded.
  - Typing searches after a short pause; a tag, a source or Enter at once.
    The status line (role="status", announced politely) says how many items
    were found once a search has settled, not at every keystroke.
  - Results use the item cards of the other listings, ten at a time, each
    with Pagefind's excerpt around the words found, or without words, the
    item's summary. An excerpt is rebuilt from text and <mark> elements
    only: nothing from the index is ever parsed into the page as markup.
*/

const PAGE_SIZE = 10;
const TYPING_PAUSE_MS = 300;

const area = document.querySelector("[data-search]");
const form = area.querySelector("form");
const { q: words, tag, source } = form.elements;
const status = area.querySelector(".search-status");
const list = area.querySelector(".search-results");
const more = area.querySelector(".search-more");

let results = [];     // the latest search's results, of which the page shows the first
let shownCount = 0;   // this many
let latest = 0;       // number of the latest search: an older one that ends later is dropped
let typingTimer;

const pagefind = afterFirstPaint().then(() => loadIndex(area.dataset.bundle));

/* Resolves once the browser has painted the page: the next frame, then its paint. */
function afterFirstPaint() {
  return new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
}

async function loadIndex(bundle) {
  const response = await fetch(`${bundle}shards.json`);
  if (!response.ok) throw new Error(`${bundle}shards.json: ${response.status}`);
  const [newest, ...older] = (await response.json()).map((name) => `${bundle}shard/${name}/`);
  const index = await import(`${newest}pagefind.js`);
  // Pagefind keeps merged indexes in the order they are asked for, and
  // they share the newest shard's WebAssembly, which is fetched once.
  await Promise.all(older.map((shard) => index.mergeIndex(shard)));
  return index;
}

function element(name, className, text) {
  const node = document.createElement(name);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function count(n) {
  return n === 1 ? "1 item" : `${n} items`;
}

/* A filter's options in order of name, each with how many items it has. */
function fillOptions(select, counts, chosen) {
  const names = Object.keys(counts).sort((a, b) => a.localeCompare(b, undefined, { sensitivity: "base" }));
  for (const name of names) {
    const option = new Option(`${name} (${counts[name]})`, name);
    option.selected = name === chosen;
    select.add(option);
  }
}

/* Pagefind's excerpt is text with <mark>s around the matched words. An index
   of Chinese or Japanese (briefing.pelican.search) also puts zero-width
   spaces between words: they go, and so does a mark's trailing space. */
function excerptNodes(html) {
  const parsed = new DOMParser().parseFromString(html.replaceAll("\u200b", ""), "text/html");
  return [...parsed.body.childNodes].flatMap((node) => {
    if (node.nodeName !== "MARK") return [document.createTextNode(node.textContent)];
    const [, word, space] = node.textContent.match(/^(.*?)(\s*)$/su);
    return [element("mark", "", word), document.createTextNode(space)];
  });
}

function resultCard(data) {
  const { meta } = data;
  const link = element("a", "", meta.title);
  link.href = data.url;
  if (meta.lang) {
    link.lang = meta.lang;
    link.dir = "auto";
  }
  const heading = element("h2", "item-card__title");
  heading.append(link);
  const facts = element("p", "meta");
  const time = element("time", "", meta.date);
  time.dateTime = meta.datetime;
  facts.append(time, ` · ${meta.source}`);
  const excerpt = element("p", "search-result__excerpt");
  excerpt.dir = "auto";
  if (data.excerpt.includes("<mark>")) {
    excerpt.append(...excerptNodes(data.excerpt));
  } else {  // found by tag or source alone: the page's opening words would repeat the headline
    excerpt.textContent = meta.summary;
  }
  const card = element("article", "item-card");
  card.append(heading, facts, excerpt);
  const item = element("li");
  item.append(card);
  return item;
}

async function showMore() {
  const shown = results;
  const batch = shown.slice(shownCount, shownCount + PAGE_SIZE);
  shownCount += batch.length;
  const found = await Promise.all(batch.map((result) => result.data()));
  if (shown !== results) return [];  // a newer search has replaced these results meanwhile
  const cards = found.map(resultCard);
  list.append(...cards);
  more.hidden = shownCount >= results.length;
  return cards;
}

function describe(found, query) {
  const parts = [found ? `${count(found)} found` : "No item found"];
  if (query) parts.push(`for “${query}”`);
  if (tag.value) parts.push(`tagged “${tag.value}”`);
  if (source.value) parts.push(`from ${source.value}`);
  return `${parts.join(" ")}.`;
}

function rememberInAddress(query) {
  const params = new URLSearchParams();
  if (query) params.set("q", query);
  if (tag.value) params.set("tag", tag.value);
  if (source.value) params.set("source", source.value);
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : window.location.pathname);
}

async function search() {
  clearTimeout(typingTimer);
  const number = ++latest;
  const query = words.value.trim();
  rememberInAddress(query);
  const filters = {};
  if (tag.value) filters.tag = tag.value;
  if (source.value) filters.source = source.value;
  if (!query && !Object.keys(filters).length) {
    results = [];
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "";
    return;
  }
  // Words rank by relevance; a tag or source alone lists its newest items first.
  const options = query ? { filters } : { filters, sort: { published: "desc" } };
  const response = await (await pagefind).search(query || null, options);
  if (number !== latest) return;
  results = response.results;
  shownCount = 0;
  list.replaceChildren();
  await showMore();
  if (number === latest) status.textContent = describe(results.length, query);
}

async function start() {
  const address = new URLSearchParams(window.location.search);
  if (address.has("q")) words.value = address.get("q");  // else keep what the reader typed already
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  words.addEventListener("input", () => {
    clearTimeout(typingTimer);
    typingTimer = setTimeout(search, TYPING_PAUSE_MS);
  });
  tag.addEventListener("change", search);
  source.addEventListener("change", search);
  more.querySelector("button").addEventListener("click", async () => {
    const [first] = await showMore();
    first?.querySelector("a").focus();  // keyboard users go on where the new results start
  });
  let filters;
  try {
    filters = await (await pagefind).filters();
  } catch {
    form.hidden = true;
    status.textContent = "Search is unavailable: this site has no search index yet.";
    return;
  }
  fillOptions(tag, filters.tag ?? {}, address.get("tag"));
  fillOptions(source, filters.source ?? {}, address.get("source"));
  await search();
}

start();
