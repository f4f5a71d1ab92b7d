/**
 * The web pages in a real browser (issue 12): Debian's chromium (playwright-core) against the real
 * daemon, with a real build chroot, stock dput and sbuild. Every page is reachable from the home page;
 * a build's log grows live on its page; an upload is followed to its installed version in the package
 * tracker, migrated through the page (apt gets it from the next suite); an event of the audit log
 * leads to the archive as it was just after it; hostile markup from an upload comes out as text on
 * every page; a form posted without a session or with a wrong CSRF token changes nothing. Screenshots
 * of each page are kept in test-results/screenshots/.
 */
import { GnupgHome } from '@mbd/gpg';
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PrivateApt } from '../support/apt.js';
import { clearScreenshots, eventually, injectionFindings, launchBrowser, openPage, screenshot, signIn, visit, type Browser, type Page, type WatchedPage } from '../support/browser.js';
import { createChroot } from '../support/daemon-chroot.js';
import { removeDataDir, startDaemon, type RunningDaemon } from '../support/daemon.js';
import { followersCaughtUp } from '../support/followers.js';
import { buildSource, deriveSource } from '../support/sources.js';
import { dput, dputConfig, reasonsOf, UploadLog, type Outcome } from '../support/uploads.js';

const UNSTABLE = 'bookworm-test-unstable';
const TESTING = 'bookworm-test-testing';
const STABLE = 'bookworm-test-stable';
const EXPERIMENTAL = 'bookworm-test-experimental';
/** An upload whose build prints a line a second for a while: its log grows while a test watches. */
const LIVE = 'mbd-test-live';
const LIVE_VERSION = '1.0~test12+1';
const TICKS = 12;
/** An upload whose changelog, Maintainer and Changed-By hold markup (experimental: lintian calls the contacts malformed, and ignores it there). */
const HOSTILE = 'mbd-test-hostile';
const HOSTILE_VERSION = '1.0~test12+0';
const SCRIPT = '<script>window.__xss=1</script>';
const IMG = '"><img src=x onerror="window.__xss=1">';
const BUILD_MS = 300_000;

/** A copy of mbd-test-all whose build prints a line a second for TICKS seconds. */
const liveTree = () =>
  deriveSource('mbd-test-all', LIVE, (tree) =>
    appendFileSync(join(tree, 'debian/rules'), `\noverride_dh_auto_build:\n\tfor i in $$(seq 1 ${TICKS}); do echo "${LIVE} tick $$i of ${TICKS}"; sleep 1; done\n`),
  );

/** A copy of mbd-test-all whose changelog entry, Maintainer and Changed-By hold markup, for experimental. */
const hostileTree = () =>
  deriveSource('mbd-test-all', HOSTILE, (tree) => {
    const changelog = join(tree, 'debian/changelog');
    writeFileSync(
      changelog,
      readFileSync(changelog, 'utf8')
        .replace('bookworm-test-unstable', EXPERIMENTAL)
        .replace(/^ {2}\* .*$/m, `  * ${SCRIPT} and ${IMG}`)
        .replace(/^ -- .* </m, ` -- ${SCRIPT} ${IMG} <`),
    );
    const control = join(tree, 'debian/control');
    writeFileSync(control, readFileSync(control, 'utf8').replace(/^Maintainer: .*$/m, `Maintainer: ${SCRIPT} <mbd-hostile@example.invalid>`));
  });

describe('the web pages in a browser', () => {
  let daemon: RunningDaemon;
  let gnupg: GnupgHome;
  let uploader: string;
  let config: string;
  let browser: Browser;
  const log = new UploadLog(() => daemon);
  /** The pages opened by the running test, closed after it. */
  const opened: WatchedPage[] = [];
  let live: Outcome | undefined;
  /** The unsigned source uploads, made while the chroot is made. */
  let liveChanges: string;
  let hostileChanges: string;
  /** The audit log, open since before the uploads. */
  let liveTail: WatchedPage | undefined;

  const open = async (): Promise<WatchedPage> => {
    const watched = await openPage(browser, daemon.url);
    opened.push(watched);
    return watched;
  };
  /** The browser saw no console error and no failed asset or script request on the page. */
  const expectClean = (watched: WatchedPage) => expect(watched.problems()).toEqual({ consoleErrors: [], failedRequests: [] });
  /** Opens `path`, which must answer `status` (the page's words are the message otherwise). */
  const expectPage = async (page: Page, path: string, status = 200) => {
    const response = await visit(page, path);
    expect(response.status(), `${path}: ${await page.locator('main').innerText().catch(() => '')}`).toBe(status);
    return response;
  };
  const send = async (changes: string) => {
    await gnupg.debsign(changes, uploader);
    await dput(config, [changes], gnupg.env);
  };
  const installed = async (source: string, version: string): Promise<Outcome> => {
    const outcome = await log.outcome(source, version, { timeoutMs: BUILD_MS });
    expect(outcome.end.type, `${source} ${version}: ${reasonsOf(outcome.end)}`).toBe('PackageInstalled');
    await followersCaughtUp(daemon, { timeoutMs: 60_000 });
    return outcome;
  };

  beforeAll(async () => {
    clearScreenshots();
    // Two builds at a time: the hostile upload's build runs beside the live one, which mostly waits.
    daemon = await startDaemon({ env: { MBD_BUILD_JOBS: '2' } });
    // Everything else is made while mmdebstrap makes the chroot (most of this file's time).
    const chroot = createChroot(daemon);
    [gnupg, browser] = await Promise.all([GnupgHome.create(), launchBrowser()]);
    uploader = await gnupg.generateKey('Uploader <uploader@example.invalid>', 'ed25519');
    const keyFile = join(gnupg.dir, 'uploader.asc');
    writeFileSync(keyFile, await gnupg.exportArmored(uploader));
    const added = await daemon.cli('uploader', 'add', 'test', keyFile);
    expect(added.code, added.stderr).toBe(0);
    config = await dputConfig(daemon, 'test');
    [liveChanges, hostileChanges] = await Promise.all([buildSource(liveTree(), { version: LIVE_VERSION }), buildSource(hostileTree(), { version: HOSTILE_VERSION })]);
    await chroot;
  });

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((watched) => watched.close().catch(() => undefined)));
  });

  afterAll(async () => {
    await liveTail?.close().catch(() => undefined);
    await browser?.close();
    await daemon?.cli('chroot', 'remove', 'bookworm', 'amd64');
    await daemon?.stop();
    await gnupg?.remove();
    if (daemon) removeDataDir(daemon);
  });

  /** The tracker's button that migrates the version in `from` to `to`. */
  const migrateButton = (page: Page, from: string, to: string) =>
    page.locator(`table#versions tr[data-distribution="${from}"]`).getByRole('button', { name: `Migrate to ${to}`, exact: true });
  /** The text of the build log on the page. */
  const logText = (page: Page) => page.locator('pre#build-log').innerText();

  it('a build requested by a stock dput upload shows on /builds; its page streams the log live, and shows the whole log and its state once it ends', async () => {
    // A browser keeps the audit log open from before the uploads to the hostile-markup test: their events arrive in it live.
    liveTail = await openPage(browser, daemon.url);
    await expectPage(liveTail.page, '/audit');
    await liveTail.page.evaluate('window.__notReloaded = true');
    await send(liveChanges);
    // The hostile upload too, so that its build runs while this test and the ones below look at this one.
    await send(hostileChanges);

    const watched = await open();
    const { page } = watched;
    const href = await eventually(
      `the build of ${LIVE} on /builds`,
      async () => {
        await visit(page, '/builds');
        const link = page.locator('#builds tr[data-build]').filter({ hasText: LIVE }).locator('a[href^="/builds/"]').first();
        return (await link.count()) > 0 ? ((await link.getAttribute('href')) ?? undefined) : undefined;
      },
      120_000,
      500,
    );
    await screenshot(page, 'builds-queue');
    await Promise.all([page.waitForURL(href), page.locator(`#builds a[href="${href}"]`).first().click()]);
    // Until sbuild starts, the page says so; once it runs, the page follows its log.
    await eventually(
      'the live log on the build page',
      async () => {
        if ((await page.locator('pre#build-log[data-live-log]').count()) > 0) return true;
        await page.reload();
        return undefined;
      },
      120_000,
      500,
    );
    const first = await eventually('the first lines of the live log', async () => {
      const text = await logText(page);
      return text.trim() !== '' ? text : undefined;
    });
    expect(first, 'the page opened before the build printed its last line').not.toContain(`tick ${TICKS} of ${TICKS}`);
    const later = await eventually(
      'more lines in the live log',
      async () => {
        const text = await logText(page);
        return text.length > first.length && /tick \d+ of/.test(text.slice(first.length)) ? text : undefined;
      },
      120_000,
    );
    expect(later.startsWith(first), 'the log grows at its end').toBe(true);
    await screenshot(page, 'build-live');
    await eventually('the end of the live log', async () => ((await page.locator('#build-log-status').innerText()).includes('ended') ? true : undefined), BUILD_MS, 500);
    expect(await logText(page)).toContain(`${LIVE} tick ${TICKS} of ${TICKS}`);

    live = await installed(LIVE, LIVE_VERSION);
    await page.reload();
    expect(await page.locator('pre#build-log[data-live-log]').count(), 'no live log after the end').toBe(0);
    const stored = await logText(page);
    for (let tick = 1; tick <= TICKS; tick += 1) expect(stored).toContain(`${LIVE} tick ${tick} of ${TICKS}`);
    expect(stored).toMatch(/^Status: successful$/m);
    expect(await page.locator('#build-facts').innerText()).toMatch(/State\s+built/);
    const whole = await page.request.get((await page.locator('a#build-log-full').getAttribute('href'))!);
    expect(whole.status()).toBe(200);
    expect(await whole.text()).toContain(stored.trim().split('\n').at(-1));
    await screenshot(page, 'build');
    expectClean(watched);
  });

  it('the upload is followed to its installed version: its page tells the story, the package tracker shows the version', async () => {
    expect(live, 'the upload of the test before').toBeDefined();
    const uploadId = live!.received!.correlationId;
    const watched = await open();
    const { page } = watched;
    await expectPage(page, '/uploads');
    const row = page.locator(`#uploads tr[data-upload="${uploadId}"]`);
    expect(await row.innerText()).toContain(`${LIVE} ${LIVE_VERSION}`);
    await Promise.all([page.waitForURL(`/uploads/${uploadId}`), row.locator(`a[href="/uploads/${uploadId}"]`).click()]);
    const story = await page.locator('#story li').evaluateAll((items) => items.map((item) => item.getAttribute('data-type')));
    expect(story).toEqual(expect.arrayContaining(['UploadReceived', 'UploadAccepted', 'BuildRequested', 'BuildStarted', 'BuildSucceeded', 'PackageInstalled']));
    expect(story.indexOf('UploadReceived')).toBeLessThan(story.indexOf('PackageInstalled'));
    expect(await page.locator('#upload-state').innerText()).toContain('installed');
    expect(await page.locator('#story li[data-type="PackageInstalled"]').innerText()).toContain(UNSTABLE);
    await screenshot(page, 'upload');
    await Promise.all([page.waitForURL(`/packages/${LIVE}`), page.locator(`main a[href="/packages/${LIVE}"]`).first().click()]);
    expect(await page.locator(`table#versions tr[data-distribution="${UNSTABLE}"]`).innerText()).toContain(LIVE_VERSION);
    expect(await page.locator(`.lineage[data-distribution="${UNSTABLE}"] li`).evaluateAll((items) => items.map((item) => item.getAttribute('data-type')))).toContain('PackageInstalled');
    await screenshot(page, 'package');
    // The search box finds it too.
    await expectPage(page, '/packages');
    await page.locator('main input[name="q"]').fill('test-live');
    await Promise.all([page.waitForURL((url) => url.searchParams.get('q') === 'test-live'), page.locator('main input[name="q"]').press('Enter')]);
    await Promise.all([page.waitForURL(`/packages/${LIVE}`), page.locator(`#packages a[href="/packages/${LIVE}"]`).first().click()]);
    await screenshot(page, 'package-search');
    expectClean(watched);
  });

  it('signed in, the tracker migrates it with a confirmation, shows the resulting event, and apt gets it from the next suite', async () => {
    // Two other browsers, signed out, watch the home page's recent events and the audit log: the migration arrives there live.
    const watchers = await Promise.all([open(), open()]);
    const [home, audit] = watchers.map((watcher) => watcher.page) as [Page, Page];
    await expectPage(home, '/');
    await expectPage(audit, '/audit');
    for (const watcher of [home, audit]) await watcher.evaluate('window.__notReloaded = true');
    const watched = await open();
    const { page } = watched;
    await signIn(page, daemon.token(), `/packages/${LIVE}`);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    await Promise.all([page.waitForURL((url) => url.searchParams.has('done')), migrateButton(page, UNSTABLE, TESTING).click()]);
    expect(dialogs, 'the browser asked before migrating').toHaveLength(1);
    expect(dialogs[0]).toContain(`${LIVE} ${LIVE_VERSION}`);
    const result = page.locator('#result li[data-type="PackageMigrated"]');
    expect(await result.innerText()).toContain(`Migrated ${LIVE} ${LIVE_VERSION} from ${UNSTABLE} to ${TESTING}`);
    const position = Number(await result.getAttribute('data-position'));
    const event = result.locator(`a[href="/audit/${position}"]`);
    await followersCaughtUp(daemon);
    await screenshot(page, 'package-migrated');
    for (const [watcher, table] of [[home, '#recent-events'], [audit, '#events']] as const) {
      const row = watcher.locator(`${table} tr[data-position="${position}"]`);
      await row.waitFor();
      expect(await row.innerText()).toContain('PackageMigrated');
      expect(await watcher.evaluate('window.__notReloaded'), 'the row arrived without a reload').toBe(true);
    }
    await screenshot(audit, 'audit-live');
    for (const watcher of watchers) expectClean(watcher);
    await Promise.all([page.waitForURL(`/audit/${position}`), event.click()]);
    expect(await page.locator('main h1').innerText()).toContain('PackageMigrated');
    expect(await page.locator('#event-data').innerText()).toContain(TESTING);
    expect(await page.locator('#event-facts').innerText()).toContain('user:admin');
    const apt = await PrivateApt.forRepository(daemon.url, 'test', [UNSTABLE, TESTING]);
    await apt.update();
    expect(await apt.versions(LIVE)).toEqual({ [UNSTABLE]: LIVE_VERSION, [TESTING]: LIVE_VERSION });
    expectClean(watched);
  });

  it('an event of the audit log leads to the archive as it was just after it: signed in, a past position is browsable; signed out, it is refused with the reason', async () => {
    expect(live, 'the upload of the first test').toBeDefined();
    const installedAt = live!.end.position;
    const watched = await open();
    const { page } = watched;
    await signIn(page, daemon.token(), '/audit');
    const row = page.locator(`#events tr[data-position="${installedAt}"]`);
    await eventually('the install in the audit log', async () => ((await row.count()) > 0 ? true : (await visit(page, `/audit?source=${LIVE}`), undefined)), 30_000);
    await screenshot(page, 'audit-filtered');
    await Promise.all([page.waitForURL(`/audit/${installedAt}`), row.locator(`a[href="/audit/${installedAt}"]`).first().click()]);
    expect(await page.locator('main h1').innerText()).toContain('PackageInstalled');
    await screenshot(page, 'audit-event');
    const archive = page.locator(`#archive-links a[href="/archive/test/${installedAt}/"]`);
    await Promise.all([page.waitForURL(`/archive/test/${installedAt}/`), archive.click()]);
    expect(await page.locator('#archive-moment').innerText()).toContain(String(installedAt));
    for (const name of ['dists', UNSTABLE, 'main', 'binary-amd64']) {
      const link = page.locator('#archive-listing a').filter({ hasText: new RegExp(`^${name.replace(/[.+]/g, '\\$&')}/$`) });
      await Promise.all([page.waitForURL((url) => url.pathname.endsWith(`/${name}/`)), link.click()]);
    }
    expect(await page.locator('#archive-listing').innerText()).toMatch(/\bPackages\b/);
    await screenshot(page, 'archive-tree');
    // That file as it was: the package in unstable, before it migrated.
    const packages = await page.request.get((await page.locator('#archive-listing a').filter({ hasText: /^Packages$/ }).getAttribute('href'))!);
    expect(packages.status()).toBe(200);
    expect(await packages.text()).toContain(`Package: ${LIVE}\n`);
    // Testing as it was then: without it (it migrated later).
    const testing = await page.request.get(`/archive/test/${installedAt}/dists/${TESTING}/main/binary-amd64/Packages`);
    expect(testing.status()).toBe(200);
    expect(await testing.text()).not.toContain(`Package: ${LIVE}\n`);
    // What changed since then: it entered testing, by the migration.
    await Promise.all([page.waitForURL((url) => url.pathname === '/archive/test/diff'), page.locator('#archive-moment a', { hasText: 'What changed since then' }).click()]);
    expect(await page.locator(`table#diff-${TESTING}`).innerText()).toContain(LIVE);
    await screenshot(page, 'archive-diff');
    expectClean(watched);

    // Signed out: the head is public (the live tree), a past position is refused with the reason.
    const anonymous = await open();
    // (The other upload's build may add events meanwhile: the head is whatever it is when the page is asked for.)
    await eventually('the head of the archive, signed out', async () => {
      const head = (await daemon.api<{ eventStore: { head: number } }>('GET', '/api/status', undefined, false)).body.eventStore.head;
      return (await visit(anonymous.page, `/archive/test/${head}/dists/`)).status() === 200 ? true : undefined;
    });
    expect(await anonymous.page.locator('#archive-moment').innerText()).toContain('the live tree');
    const refused = await visit(anonymous.page, `/archive/test/${installedAt}/dists/`);
    expect(refused.status()).toBe(401);
    expect(await anonymous.page.locator('main [role="alert"]').innerText()).toMatch(/only the head of the log \(position \d+\) is public/);
    expect(await anonymous.page.locator('main a[href^="/sign-in"]').count(), 'a way to sign in').toBe(1);
    await screenshot(anonymous.page, 'archive-refused');
  });

  it('markup in an upload\'s changelog, Maintainer and Changed-By comes out as text on every page that shows it, and never runs', async () => {
    const outcome = await installed(HOSTILE, HOSTILE_VERSION);
    const uploadId = outcome.received!.correlationId;
    const buildId = outcome.events.find((event) => event.type === 'BuildSucceeded')!.data.buildId as string;
    const watched = await open();
    const { page } = watched;
    const pages: [string, string, boolean][] = [
      ['hostile-home', '/', true],
      ['hostile-uploads', '/uploads', true],
      ['hostile-upload', `/uploads/${uploadId}`, true],
      ['hostile-package', `/packages/${HOSTILE}`, true],
      ['hostile-build', `/builds/${buildId}`, true],
      ['hostile-audit', `/audit?source=${HOSTILE}`, true],
      ['hostile-event', `/audit/${outcome.received!.position}`, true],
    ];
    const seen = [];
    for (const [name, path, shows] of pages) {
      const status = (await visit(page, path)).status();
      const text = await page.locator('main').innerText();
      const findings = await injectionFindings(page, '__xss');
      seen.push({ path, status, ...(shows ? { script: text.includes(SCRIPT), img: text.includes(IMG) } : {}), ...findings });
      await screenshot(page, name);
    }
    // Rows the audit log's live tail inserted (not rendered with the page) are no different.
    expect(liveTail, 'the audit log opened in the first test').toBeDefined();
    const tail = liveTail!.page;
    const row = tail.locator(`#events tr[data-position="${outcome.received!.position}"]`);
    await row.waitFor();
    expect(await tail.evaluate('window.__notReloaded'), 'the row arrived without a reload').toBe(true);
    seen.push({ path: 'the live tail of /audit', status: 200, script: (await row.innerText()).includes(SCRIPT), img: (await row.innerText()).includes(IMG), ...(await injectionFindings(tail, '__xss')) });
    await screenshot(tail, 'hostile-audit-live');
    expectClean(liveTail!);
    // Each page answers, shows the markup as text where it shows the upload's words, and runs none of it.
    expect(seen).toEqual(
      [...pages.map(([, path, shows]) => [path, shows] as const), ['the live tail of /audit', true] as const].map(([path, shows]) => ({
        path,
        status: 200,
        ...(shows ? { script: true, img: true } : {}),
        marker: undefined,
        handlerElements: 0,
        inlineScripts: 0,
      })),
    );
    expectClean(watched);
  });

  it('a migration posted from a signed-out browser, with a forged CSRF token or from another site is refused with the reason, and nothing changes', async () => {
    await followersCaughtUp(daemon);
    const head = async () => (await daemon.api<{ eventStore: { head: number } }>('GET', '/api/status', undefined, false)).body.eventStore.head;
    const before = await head();
    const stable = async () => (await daemon.api<unknown[]>('GET', `/api/packages?source=${LIVE}&distribution=${STABLE}`, undefined, false)).body;
    expect(await stable()).toEqual([]);
    const migrateForm = (page: Page) => page.locator(`table#versions tr[data-distribution="${TESTING}"] form[data-confirm]`).filter({ has: page.getByRole('button', { name: `Migrate to ${STABLE}`, exact: true }) });
    /** A signed-in page of the tracker with the Migrate form of testing, confirmations accepted. */
    const tracker = async () => {
      const watched = await open();
      await signIn(watched.page, daemon.token(), `/packages/${LIVE}`);
      watched.page.on('dialog', (dialog) => void dialog.accept());
      expect(await migrateForm(watched.page).count()).toBe(1);
      return watched;
    };
    const submit = async (page: Page) => {
      const [response] = await Promise.all([page.waitForResponse((r) => r.request().method() === 'POST'), migrateButton(page, TESTING, STABLE).click()]);
      await page.waitForLoadState('load');
      return response;
    };

    // Signed out meanwhile (the session cookie gone): the sign-in page's way, with the reason.
    const signedOut = await tracker();
    await signedOut.context.clearCookies();
    const refused = await submit(signedOut.page);
    expect(refused.status()).toBe(403);
    expect(await signedOut.page.locator('main [role="alert"]').innerText()).toContain('sign in first');
    expect(await signedOut.page.locator('main a[href^="/sign-in"]').count()).toBe(1);
    await screenshot(signedOut.page, 'migrate-signed-out');

    // Signed in, but the form's CSRF token is not the session's.
    const forged = await tracker();
    await migrateForm(forged.page).locator('input[name="_csrf"]').evaluate((input) => input.setAttribute('value', 'forged'));
    expect(await migrateForm(forged.page).locator('input[name="_csrf"]').inputValue()).toBe('forged');
    const stale = await submit(forged.page);
    expect(stale.status()).toBe(403);
    expect(await forged.page.locator('main [role="alert"]').innerText()).toContain('CSRF');

    // Another site's form, even with a real token copied into it: the browser sends no session cookie (SameSite).
    const crossSite = await tracker();
    const action = new URL((await migrateForm(crossSite.page).getAttribute('action'))!, daemon.url).href;
    const fields = await migrateForm(crossSite.page).locator('input[type="hidden"]').evaluateAll((inputs) => inputs.map((input) => [input.getAttribute('name'), input.getAttribute('value')]));
    const hidden = fields.map(([name, value]) => `<input type="hidden" name="${name ?? ''}" value="${value ?? ''}">`).join('');
    await crossSite.page.route('http://forged.invalid/', (route) =>
      route.fulfill({ contentType: 'text/html', body: `<!doctype html><form method="post" action="${action}">${hidden}<button type="submit">Win</button></form>` }),
    );
    await crossSite.page.goto('http://forged.invalid/');
    const [crossResponse] = await Promise.all([crossSite.page.waitForResponse((r) => r.request().method() === 'POST'), crossSite.page.getByRole('button', { name: 'Win' }).click()]);
    await crossSite.page.waitForLoadState('load');
    expect(crossResponse.status()).toBe(403);
    expect(await crossSite.page.locator('main [role="alert"]').innerText()).toContain('sign in first');

    await followersCaughtUp(daemon);
    expect(await head(), 'no event was recorded').toBe(before);
    expect(await stable()).toEqual([]);
  });

  it('every page is reachable from the home page through the navigation, each with its heading, no console error and no failed asset', async () => {
    const watched = await open();
    const { page } = watched;
    await expectPage(page, '/');
    await screenshot(page, 'home');
    const pages = [
      ['Uploads', '/uploads'],
      ['Packages', '/packages'],
      ['Builds', '/builds'],
      ['Repositories', '/repositories'],
      ['Builders', '/builders'],
      ['Audit log', '/audit'],
    ] as const;
    for (const [label, path] of pages) {
      await visit(page, '/');
      const [response] = await Promise.all([page.waitForResponse((r) => new URL(r.url()).pathname === path), page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).click()]);
      await page.waitForLoadState('load');
      expect(response.status(), `${label} (${path})`).toBe(200);
      expect(new URL(page.url()).pathname).toBe(path);
      expect(await page.locator('main h1').count(), `${path} has one heading`).toBe(1);
      expect((await page.locator('main h1').innerText()).trim(), `${path} has a heading`).not.toBe('');
      expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: label, exact: true }).getAttribute('aria-current')).toBe('page');
      await screenshot(page, path.slice(1));
    }
    // A repository's page, from the list: its snippets as the delivery serves them, with copy buttons.
    await expectPage(page, '/repositories');
    await Promise.all([page.waitForURL('/repositories/test'), page.locator('#repositories a[href="/repositories/test"]').first().click()]);
    expect(await page.locator('#snippet-dput-cf').innerText()).toContain((await (await fetch(`${daemon.url}/repositories/test/dput.cf`)).text()).trim().split('\n')[0]);
    expect(await page.locator('button.copy[data-copy="snippet-dput-cf"]').isVisible(), 'mbd.js shows the copy button').toBe(true);
    expect(await page.locator('#uploaders').innerText()).toContain(uploader);
    await screenshot(page, 'repository');
    await expectPage(page, '/builders');
    expect(await page.locator('#chroots tr[data-chroot]').innerText()).toContain('bookworm');
    await expectPage(page, '/sign-in');
    await screenshot(page, 'sign-in');
    expectClean(watched);
  });

  it('signed in, the tracker ports the version in unstable to experimental: the port is built and installed, and its upload names its origin', async () => {
    const watched = await open();
    const { page } = watched;
    await signIn(page, daemon.token(), `/packages/${LIVE}`);
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.accept();
    });
    const row = page.locator(`table#versions tr[data-distribution="${UNSTABLE}"]`);
    await row.locator('details.port summary').click();
    await row.locator(`details.port input[name="to"][value="${EXPERIMENTAL}"]`).check();
    await Promise.all([page.waitForURL((url) => url.searchParams.has('done')), row.getByRole('button', { name: 'Port', exact: true }).click()]);
    expect(dialogs, 'the browser asked before porting').toHaveLength(1);
    expect(dialogs[0]).toContain(`Port ${LIVE} ${LIVE_VERSION} from ${UNSTABLE}`);
    const words = await page.locator('#result li[data-type="PackagePorted"]').innerText();
    expect(words).toContain(`Ported ${LIVE} ${LIVE_VERSION} (internal) from ${UNSTABLE} to ${EXPERIMENTAL} as `);
    const version = / as (\S+)\.\s+by /.exec(words)?.[1];
    expect(version, words).toBeTruthy();
    await screenshot(page, 'package-ported');
    const ported = await installed(LIVE, version!);
    expect(ported.end.data.distribution).toBe(EXPERIMENTAL);
    await expectPage(page, `/uploads/${encodeURIComponent(String(ported.end.data.uploadId))}`);
    expect(await page.locator('#port-origin').innerText()).toContain(`${LIVE} ${LIVE_VERSION} from ${UNSTABLE}`);
    expectClean(watched);
  });
});
