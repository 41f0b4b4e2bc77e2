/** The console's page: static markup; `console.js` fills it through the API. */
export const CONSOLE_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>saga-kit · dead letters</title>
<link rel="stylesheet" href="/console.css">
<script src="/console.js" defer></script>
</head>
<body>
<header><h1>saga-kit · dead letters</h1><button id="logout" hidden>Sign out</button></header>

<section id="login-view" hidden>
  <form id="login-form">
    <label>API token <input id="token" type="password" autocomplete="current-password" required></label>
    <button id="login" type="submit">Sign in</button>
    <p id="login-error" class="error" role="alert"></p>
  </form>
</section>

<main id="main-view" hidden>
  <section id="counts" aria-label="counts"></section>
  <form id="filters">
    <label>Domain <input id="filter-domain" list="domains"></label>
    <label>Reason <input id="filter-reason" list="reasons"></label>
    <label>Component <input id="filter-component" list="components"></label>
    <label>Status <select id="filter-status">
      <option value="">any</option><option>open</option><option>replaying</option>
      <option>replayed</option><option>discarded</option></select></label>
    <label>From <input id="filter-from" type="datetime-local"></label>
    <label>To <input id="filter-to" type="datetime-local"></label>
    <button id="apply" type="submit">Filter</button>
    <button id="clear" type="button">Clear</button>
    <button id="replay-all" type="button" class="danger">Replay all matching…</button>
    <datalist id="domains"></datalist><datalist id="reasons"></datalist><datalist id="components"></datalist>
  </form>
  <p id="message" role="status"></p>
  <table id="entries">
    <thead><tr><th>Failed at</th><th>Domain</th><th>Reason</th><th>Component</th><th>Status</th><th>Message type</th><th>Error</th></tr></thead>
    <tbody></tbody>
  </table>
  <nav id="pager"><button id="prev" type="button">‹ Newer</button><span id="page-info"></span><button id="next" type="button">Older ›</button></nav>

  <section id="detail" hidden>
    <h2>Dead letter <code id="detail-id"></code> <span id="detail-status" class="badge"></span></h2>
    <p id="detail-summary"></p>
    <div class="actions">
      <button id="replay" type="button">Replay…</button>
      <button id="discard" type="button" class="danger">Discard…</button>
    </div>
    <h3>Payload</h3><pre id="payload"></pre>
    <h3>Timeline</h3><div id="diagram"></div>
    <details><summary>Mermaid source</summary><pre id="mermaid"></pre></details>
    <ol id="timeline"></ol>
    <h3>Headers</h3><table id="headers"><tbody></tbody></table>
    <details><summary>Whole dead letter</summary><pre id="dead-letter"></pre></details>
  </section>

  <section id="escalations-view">
    <h2>Escalations received</h2>
    <ul id="escalations"></ul>
  </section>
</main>

<dialog id="confirm">
  <form method="dialog">
    <p id="confirm-text"></p>
    <label id="confirm-note-label">Note <textarea id="confirm-note" rows="3"></textarea></label>
    <menu><button id="confirm-cancel" value="cancel" formnovalidate>Cancel</button>
    <button id="confirm-ok" value="ok">Confirm</button></menu>
  </form>
</dialog>
</body>
</html>
`;

/** The console's styles. */
export const CONSOLE_CSS = `
body { font-family: system-ui, sans-serif; margin: 0; color: #111827; background: #f9fafb; }
header { display: flex; justify-content: space-between; align-items: center; padding: .5rem 1rem; background: #1f2937; color: white; }
header h1 { font-size: 1.1rem; margin: 0; }
main, #login-view { padding: 1rem; }
#counts { display: flex; gap: 1rem; flex-wrap: wrap; margin-bottom: .75rem; }
#counts .group { background: white; border: 1px solid #e5e7eb; border-radius: 6px; padding: .4rem .6rem; }
#counts .group h4 { margin: 0 0 .25rem; font-size: .75rem; text-transform: uppercase; color: #6b7280; }
#counts button { border: none; background: #eef2ff; border-radius: 999px; margin: .1rem; padding: .15rem .5rem; cursor: pointer; }
#filters { display: flex; gap: .5rem; flex-wrap: wrap; align-items: end; margin-bottom: .5rem; }
#filters label { display: flex; flex-direction: column; font-size: .75rem; color: #374151; }
table { border-collapse: collapse; width: 100%; background: white; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid #e5e7eb; font-size: .85rem; vertical-align: top; }
tr.entry { cursor: pointer; }
tr.entry:hover, tr.entry.selected { background: #eef2ff; }
.badge { font-size: .75rem; padding: .1rem .45rem; border-radius: 999px; background: #e5e7eb; }
.badge.open { background: #fee2e2; color: #991b1b; }
.badge.replaying { background: #fef3c7; }
.badge.replayed { background: #dcfce7; color: #166534; }
.badge.discarded { background: #e5e7eb; color: #4b5563; }
#detail { margin-top: 1rem; background: white; border: 1px solid #e5e7eb; border-radius: 6px; padding: .75rem 1rem; }
#diagram { overflow-x: auto; }
pre { background: #f3f4f6; padding: .5rem; overflow-x: auto; font-size: .8rem; max-height: 24rem; }
.error { color: #b91c1c; }
button.danger { color: #991b1b; }
#pager { display: flex; gap: 1rem; align-items: center; margin-top: .5rem; }
dialog menu { display: flex; gap: .5rem; justify-content: end; padding: 0; }
#confirm-note-label { display: flex; flex-direction: column; }
#escalations li { margin-bottom: .4rem; font-size: .85rem; }
`;
