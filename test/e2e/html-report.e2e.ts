import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect } from 'chai';
import { VERDICT_COLOURS } from '../../framework/report/html/palette.js';
import { Chromium } from './chromium.js';
import { faultline, REPO_ROOT } from './cli-process.js';
import { decodePng } from './png-pixels.js';

const VIEWPORT = { width: 1280, height: 1000 };
const REPORT = 'reports/e2e-report.html';
const SCREENSHOT = 'reports/e2e-report.png';
const FAILING = 'liveness-and-readiness-wrong-belief';

interface Box { readonly top: number; readonly left: number; readonly bottom: number; readonly right: number; readonly visible: boolean; readonly text: string }

/**
 * The HTML report of a real run (P1's liveness restart, P2's readiness endpoint removal, and a scenario
 * that fails at a restart it wrongly forbids), opened in headless Chromium: the verdict, the failed
 * expectation, the chart, the restart and the endpoint removal are on the first screen, and the page
 * asks for nothing over the network. The screenshot is kept in reports/ (docs/report-screenshot.png is one).
 */
describe('the HTML report of a real run, in headless Chromium', function () {
  this.timeout(10 * 60_000);
  let browser: Chromium;
  let requested: string[];
  let boxes: Record<string, Box | null>;
  let code: number;

  before(async () => {
    ({ code } = await faultline(['run', 'scenarios/probes/http-liveness-rename.yaml', 'scenarios/probes/http-readiness-rename.yaml',
      `test/fixtures/results/${FAILING}.yaml`, '--quiet', '--reporter', 'dot', '--html', REPORT], 'html').done);
    browser = await Chromium.launch(VIEWPORT);
    requested = await browser.open(pathToFileURL(join(REPO_ROOT, REPORT)).href);
    // Boxes of the first (failed) scenario's key elements, in viewport coordinates.
    boxes = await browser.evaluate<Record<string, Box | null>>(`(() => {
      const section = document.querySelector('section.scenario');
      const box = (selector) => {
        const element = section.querySelector(selector);
        if (!element) return null;
        const r = element.getBoundingClientRect();
        const style = getComputedStyle(element);
        return { top: r.top, left: r.left, bottom: r.bottom, right: r.right, text: element.textContent.slice(0, 300),
          visible: r.width > 0 && r.height > 0 && style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0 };
      };
      return {
        banner: box('.verdict-banner'), failure: box('.failure-message'), expected: box('.failed-expectation'),
        chart: box('svg.timeline-chart'), restart: box('.restart-marker circle'), removal: box('.endpoint-removal rect'),
      };
    })()`);
  });

  after(async () => { await browser?.close(); });

  it('was written by a run whose failing scenario failed', () => {
    expect(code).to.equal(1);
  });

  it('loads without asking the network for anything', () => {
    expect(requested.filter((url) => !url.startsWith('file:') && !url.startsWith('data:'))).to.deep.equal([]);
  });

  it('shows the failed verdict, the failed expectation, the chart, the restart and the endpoint removal on the first screen', () => {
    for (const [name, box] of Object.entries(boxes)) {
      expect(box, name).to.not.equal(null);
      expect(box!.visible, `${name} is visible`).to.equal(true);
      expect(box!.top, `${name} top`).to.be.at.least(0);
      expect(box!.bottom, `${name} bottom within the first ${VIEWPORT.height}px`).to.be.at.most(VIEWPORT.height);
      expect(box!.right, `${name} right`).to.be.at.most(VIEWPORT.width);
    }
    expect(boxes['banner']!.text).to.contain('failed').and.contain(FAILING);
    expect(boxes['failure']!.text).to.contain('expectation.restarts').and.match(/it stopped holding after \d+\.\d\ds/);
    expect(boxes['expected']!.text).to.contain('restartCount of pods app=web, container web == 0 for 30s');
  });

  it('paints the failed banner in its colour, and the screenshot is kept', async () => {
    const png = await browser.screenshot();
    await writeFile(join(REPO_ROOT, SCREENSHOT), png);
    const pixels = decodePng(png);
    expect([pixels.width, pixels.height]).to.deep.equal([VIEWPORT.width, VIEWPORT.height]);
    const banner = boxes['banner']!;
    // Just inside the banner's corner, away from its text.
    expect(pixels.at(banner.right - 4, banner.top + 4)).to.equal(VERDICT_COLOURS.failed.background);
    expect(pixels.at(banner.left + 4, banner.bottom - 3)).to.equal(VERDICT_COLOURS.failed.background);
    // The page around it is white.
    expect(pixels.at(4, banner.top + 4)).to.equal('#ffffff');
  });
});
