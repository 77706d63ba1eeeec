import type { Verdict } from '../../engine/scenario-result.js';
import { CHART_INK, MUTED_INK, PAGE_BACKGROUND, POD_LEGEND, VERDICT_COLOURS } from './palette.js';

/** The report's whole stylesheet, inline in the page; its colours come from palette.ts only. */
export function reportStyles(): string {
  const verdicts = (Object.keys(VERDICT_COLOURS) as Verdict[]).map((verdict) => {
    const { text, background } = VERDICT_COLOURS[verdict];
    return `.verdict-${verdict}{color:${text};background:${background}}`;
  }).join('');
  return [
    `body{margin:0;background:${PAGE_BACKGROUND};color:${CHART_INK};font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif}`,
    'main{max-width:1180px;margin:0 auto;padding:12px 20px 40px}',
    'h1{font-size:20px;margin:0 0 2px}',
    `.muted,.run-meta{color:${MUTED_INK}}`,
    '.run-meta{margin:0 0 8px;font-size:13px}',
    '.summary{border-collapse:collapse;margin:6px 0 14px;font-size:13px}',
    '.summary td,.summary th{padding:3px 10px 3px 0;text-align:left;vertical-align:top}',
    '.pill{display:inline-block;padding:0 8px;border-radius:10px;font-weight:600;font-size:12px}',
    '.scenario{margin:0 0 22px;border:1px solid #d0d7de;border-radius:6px;overflow:hidden}',
    '.verdict-banner{display:flex;flex-wrap:wrap;align-items:baseline;gap:4px 14px;padding:8px 14px}',
    '.verdict-banner h2{margin:0;font-size:17px}',
    '.verdict-word{font-weight:700;text-transform:uppercase;letter-spacing:.04em}',
    '.verdict-banner .meta{font-size:12px}',
    verdicts,
    `.failure{padding:8px 14px;background:#fff5f5;border-bottom:1px solid #f0c4c4}`,
    '.failure-message{margin:0 0 4px;font-weight:600}',
    `.failure-type{font-family:ui-monospace,monospace;font-size:12px;padding:1px 6px;border-radius:4px;background:${VERDICT_COLOURS.failed.background};color:${VERDICT_COLOURS.failed.text}}`,
    '.failed-expectation{display:grid;grid-template-columns:max-content 1fr;gap:1px 12px;margin:4px 0 0;font-size:13px}',
    `.failed-expectation dt{color:${MUTED_INK}}`,
    '.failed-expectation dd{margin:0}',
    '.timeline{margin:6px 8px 0}',
    '.timeline svg{display:block}',
    '.legend{display:flex;flex-wrap:wrap;gap:2px 14px;list-style:none;margin:4px 0;padding:0;font-size:12px}',
    '.swatch{display:inline-block;width:10px;height:10px;margin-right:4px;border-radius:2px;vertical-align:-1px}',
    ...POD_LEGEND.map(({ swatch, fill }) => `.swatch-${swatch}{background:${fill}}`),
    'details{margin:4px 14px}',
    'summary{cursor:pointer;font-weight:600}',
    '.steps ol{margin:4px 0;padding-left:4px;list-style:none}',
    '.steps ul{margin:0;padding-left:18px;list-style:none}',
    '.step-detail{font-size:13px;margin-left:18px;overflow-wrap:anywhere}',
    `.step-failed .step-icon,.step-error .step-icon,.expectation-failed{color:${VERDICT_COLOURS.failed.background}}`,
    `.step-passed .step-icon{color:${VERDICT_COLOURS.passed.background}}`,
    '.events table{border-collapse:collapse;font-size:12px;margin:4px 0}',
    '.events td,.events th{padding:2px 8px 2px 0;text-align:left;vertical-align:top}',
    '.events .time{font-family:ui-monospace,monospace;white-space:nowrap}',
    '.timeline-text pre{font-size:11px;overflow:auto;max-height:420px;background:#f6f8fa;padding:8px}',
  ].join('\n');
}
