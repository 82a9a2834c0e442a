package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/paychoreo/choreography/internal/testpipe"
	"github.com/paychoreo/choreography/internal/tracking"
)

// TestPage opens the tracker's status page in headless Chromium (Debian's chromium
// package) over a real pipeline, and reads what the page rendered: every sample file
// with its status, the timeline of a rejected file with its reasons and the link to its
// report, a created file's stage durations (each more than nothing) and File B link
// (after a click on its row). Every sample order, placed through the real order API,
// shows with the status the API gave it and its customer's name masked, never a name or
// an e-mail whole; a confirmed order's journey has its stages timed. Then a file whose
// content is HTML must show as text, never run. The screenshot (the created file's
// journey beside the files and orders) is kept: at $CHOREO_SCREENSHOT when set
// (docs/tracker.png is one), else in the test's temp dir.
func TestPage(t *testing.T) {
	browserPath, err := findChromium()
	testpipe.Need(t, "Chromium (Debian package chromium)", err)
	p := testpipe.Start(t, testpipe.Options{Offset: 200})

	samples := dropSamples(t, p)
	placed := placeSampleOrders(t, p) // page_orders_test.go
	good, bad := p.Await("acme-example.csv", time.Minute), p.Await("rejected-bad-iban-and-total.csv", time.Minute)
	if good.Kind != "created" || bad.Kind != "rejected" {
		t.Fatalf("samples ended %s and %s, want created and rejected", good.Kind, bad.Kind)
	}
	var codes []string
	for _, row := range testpipe.ReportCodes(t, bad.Dir) {
		codes = append(codes, row[strings.LastIndex(row, " ")+1:])
	}
	tr, _ := p.Runs[0].App("tracker")
	base := fmt.Sprintf("http://127.0.0.1:%d/", tr.AppPort)
	var list struct{ Files []tracking.File }
	p.Eventually(time.Minute, "the tracker has every sample final", func() bool {
		if getJSON(base+"api/files", &list) != nil || len(list.Files) != len(samples) {
			return false
		}
		return !slices.ContainsFunc(list.Files, func(f tracking.File) bool { return !f.Final })
	})

	ctx, problems := openBrowser(t, browserPath)
	// The page is behind the tracker's login: the browser sends it as after a person typed
	// it into the login prompt, with the page and with every request the page makes.
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{
		Headers: network.Headers{"Authorization": testpipe.TrackerBasic()}}); err != nil {
		t.Fatal(err)
	}
	// The URL fragment opens a file's timeline: here the rejected one, for the screenshot.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(1440, 940), chromedp.Navigate(base+"#file="+bad.FileID)); err != nil {
		t.Fatal(err)
	}
	v := readPage(t, ctx, len(samples), bad.FileID)
	statusOf := map[string]string{}
	for _, r := range v.Rows {
		statusOf[r.Blob] = r.Status
	}
	for _, f := range list.Files {
		if statusOf[f.Blob] != f.Status {
			t.Errorf("the page shows %s as %q, the tracker says %q", f.Blob, statusOf[f.Blob], f.Status)
		}
	}
	if statusOf["acme-example.csv"] != tracking.Created || statusOf["rejected-bad-iban-and-total.csv"] != tracking.Rejected {
		t.Errorf("statuses on the page: %v", statusOf)
	}
	for _, c := range codes {
		if !slices.Contains(v.Codes, c) {
			t.Errorf("the rejected file's timeline lacks reason %s: %v", c, v.Codes)
		}
	}
	if !slices.Contains(v.Links, "/outputs/"+bad.FileID+"/report") {
		t.Errorf("no link to the rejection report: %v", v.Links)
	}
	count := map[string]int{"all": len(list.Files)}
	for _, f := range list.Files {
		count[f.Status]++
	}
	for _, tile := range []string{"all", tracking.Created, tracking.Rejected} {
		if v.Summary[tile] != fmt.Sprint(count[tile]) {
			t.Errorf("summary tile %s shows %s, the tracker has %d: %v", tile, v.Summary[tile], count[tile], v.Summary)
		}
	}
	checkOrdersOnPage(t, ctx, placed)

	// A click on the created file's row opens its timeline: stage durations, File B.
	err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(`#files tr[data-id="`+good.FileID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#detail #link-fileb`)))
	var detail createdView
	if err == nil {
		detail, err = chromedp.Run(ctx, chromedp.Poll[createdView](`document.querySelectorAll('#stages [data-stage]').length === 3 && {
			stages: [...document.querySelectorAll('#stages [data-stage]')].map(e => e.dataset.stage),
			ms: [...document.querySelectorAll('#stages [data-stage]')].map(e => Number(e.dataset.ms)),
			fileb: document.getElementById('link-fileb').getAttribute('href'),
			steps: document.querySelectorAll('#timeline li').length }`, chromedp.WithPollingTimeout(30*time.Second)))
	}
	if err != nil {
		t.Fatalf("the created file's timeline: %v\n%s", err, pageText(ctx))
	}
	if detail.Steps != 4 || detail.FileB != "/outputs/"+good.FileID+"/fileb" {
		t.Errorf("created file's timeline: %+v", detail)
	}
	// Each stage did work between the event it consumed and the one it published.
	if slices.ContainsFunc(detail.MS, func(ms float64) bool { return !(ms > 0) }) {
		t.Errorf("created file's stage durations %v ms (%v), want each above 0", detail.MS, detail.Stages)
	}
	saveScreenshot(t, ctx)
	confirmed := 0
	for _, o := range placed {
		if o.Status != "confirmed" {
			continue
		}
		confirmed++
		d := openOrder(t, ctx, o.ID)
		for _, stage := range []string{"stock", "payment", "shipping"} {
			if !(d.Stages[stage] > 0) {
				t.Errorf("order %s: %s took %v ms on the page, want more than 0", o.ID, stage, d.Stages[stage])
			}
		}
		if !slices.Contains(d.Topics, "order.created") || !slices.Contains(d.Topics, "order.confirmed") {
			t.Errorf("order %s's timeline: %v", o.ID, d.Topics)
		}
	}
	if confirmed == 0 {
		t.Errorf("no sample order was confirmed: %+v", placed)
	}
	if xml := fetch(t, base+strings.TrimPrefix(detail.FileB, "/")); !strings.Contains(xml, "pain.001.001.09") {
		t.Errorf("File B link serves %q", short(xml))
	}

	// Text from customer files is shown as text: a file reference that is HTML.
	const hostile = `<img src=x onerror=window.pwned=1>`
	p.Drop("hostile.csv", []byte("H,ACME-CORP,"+hostile+",2026-11-25T08:00:00+01:00\n"+detail1+"T,1,10.00\n"))
	h := p.Await("hostile.csv", time.Minute)
	if err := chromedp.Do(ctx, chromedp.Navigate(base+"#file="+h.FileID)); err != nil {
		t.Fatal(err)
	}
	safe, err := chromedp.Run(ctx, chromedp.Poll[bool](`document.querySelector('#detail h2') &&
		document.querySelector('#detail h2').textContent === 'hostile.csv' &&
		document.querySelectorAll('#violations tbody tr').length > 0 &&
		document.body.innerText.includes(`+jsString(hostile)+`) &&
		document.querySelectorAll('img').length === 0 && window.pwned === undefined`, chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil || !safe {
		t.Errorf("a file reference made of HTML is not shown as text: %v\n%s", err, pageText(ctx))
	}
	if err := problems(); err != nil {
		t.Errorf("the page had script errors: %v", err)
	}
}

// detail1 is one valid payment line of 10.00.
const detail1 = "D,E2E-1,DE89370400440532013000,2026-11-26,10.00,EUR,Widget GmbH,FR1420041010050500013M02606,,Inv 1\n"

type pageView struct {
	Rows []struct {
		ID     string `json:"id"`
		Blob   string `json:"blob"`
		Status string `json:"status"`
	} `json:"rows"`
	Codes   []string          `json:"codes"`
	Links   []string          `json:"links"`
	Summary map[string]string `json:"summary"`
}

type createdView struct {
	Stages []string  `json:"stages"`
	MS     []float64 `json:"ms"`
	FileB  string    `json:"fileb"`
	Steps  int       `json:"steps"`
}

// readPage waits until the page shows n files and the timeline of file, then reads it.
func readPage(t *testing.T, ctx context.Context, n int, file string) pageView {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Poll[pageView](`(() => {
		const rows = [...document.querySelectorAll('#files tbody tr')].map(tr => ({
			id: tr.dataset.id, blob: tr.querySelector('.blob').textContent, status: tr.querySelector('.badge').dataset.status }));
		const codes = [...document.querySelectorAll('#violations td.code')].map(td => td.textContent);
		const sel = document.querySelector('#files tr.sel');
		if (rows.length < `+fmt.Sprint(n)+` || codes.length === 0 || !sel || sel.dataset.id !== `+jsString(file)+`) return false;
		const summary = {};
		for (const tile of document.querySelectorAll('#summary [data-count]')) summary[tile.dataset.count] = tile.querySelector('.n').textContent;
		return { rows, codes, summary, links: [...document.querySelectorAll('#detail .links a')].map(a => a.getAttribute('href')) };
	})()`, chromedp.WithPollingTimeout(30*time.Second)))
	if err != nil {
		t.Fatalf("the page did not show %d files and the timeline of %s: %v\n%s", n, file, err, pageText(ctx))
	}
	return v
}

// openBrowser starts headless Chromium with a fresh profile; problems reports script
// exceptions and console errors the page had.
func openBrowser(t *testing.T, path string) (context.Context, func() error) {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path), chromedp.NoSandbox, chromedp.UserDataDir(t.TempDir()),
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-component-update", true),
		chromedp.WindowSize(1440, 940))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	var mu sync.Mutex
	var errs []error
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventExceptionThrown:
			d := e.ExceptionDetails
			msg := d.Text
			if d.Exception != nil {
				msg += " " + d.Exception.Description
			}
			errs = append(errs, fmt.Errorf("exception at line %d: %s", d.LineNumber+1, msg))
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				errs = append(errs, fmt.Errorf("console error: %v", e.Args))
			}
		}
	}); err != nil {
		t.Fatalf("start Chromium (%s): %v", path, err)
	}
	return ctx, func() error { mu.Lock(); defer mu.Unlock(); return errors.Join(errs...) }
}

// findChromium finds Debian's chromium (or another Chromium or Chrome) on PATH.
func findChromium() (string, error) {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no chromium on PATH (make test installs Debian's chromium)")
}

// saveScreenshot keeps a PNG of the page: at $CHOREO_SCREENSHOT, or in the test's temp dir.
func saveScreenshot(t *testing.T, ctx context.Context) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	path := os.Getenv("CHOREO_SCREENSHOT")
	if path == "" {
		path = filepath.Join(t.TempDir(), "tracker.png")
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot of the tracker page: %s", path)
}

// pageText is what the page shows, for failure messages.
func pageText(ctx context.Context) string {
	text, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.body.innerText`))
	if err != nil {
		return "(page text not readable: " + err.Error() + ")"
	}
	return testpipe.Tail(text, 60)
}

func jsString(s string) string { return fmt.Sprintf("%q", s) }

func short(s string) string {
	if len(s) > 200 {
		return s[:200] + "…"
	}
	return s
}
