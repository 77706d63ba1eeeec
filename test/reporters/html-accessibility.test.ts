import { expect } from 'chai';
import { VERDICTS } from '../../framework/engine/scenario-result.js';
import { CHART_INK, MUTED_INK, PAGE_BACKGROUND, VERDICT_COLOURS } from '../../framework/report/html/palette.js';
import { htmlReport } from '../../framework/report/html/report-page.js';
import { RECORDED } from './html-fixture.js';

/** WCAG 2 relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16) / 255)
    .map((c) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * channels[0]! + 0.7152 * channels[1]! + 0.0722 * channels[2]!;
}

/** WCAG 2 contrast ratio, 1 to 21. */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light! + 0.05) / (dark! + 0.05);
}

describe('the HTML report\'s accessibility basics', () => {
  const html = htmlReport(RECORDED.results, { startedAt: new Date(RECORDED.startedAt) });

  it('computes contrast as WCAG does (black on white is 21:1, a colour on itself 1:1)', () => {
    expect(contrast('#000000', '#ffffff')).to.be.closeTo(21, 1e-9);
    expect(contrast('#777777', '#ffffff')).to.be.closeTo(4.48, 0.01);
    expect(contrast('#b42318', '#b42318')).to.equal(1);
  });

  it('gives every verdict banner a text colour with at least 4.5:1 contrast on its background (WCAG AA)', () => {
    for (const verdict of VERDICTS) {
      const { text, background } = VERDICT_COLOURS[verdict];
      expect(contrast(text, background), verdict).to.be.at.least(4.5);
    }
  });

  it('uses exactly those colours for the banners on the page, and readable ink on the page background', () => {
    for (const verdict of VERDICTS) {
      const { text, background } = VERDICT_COLOURS[verdict];
      expect(html).to.contain(`.verdict-${verdict}{color:${text};background:${background}}`);
    }
    expect(contrast(CHART_INK, PAGE_BACKGROUND)).to.be.at.least(4.5);
    expect(contrast(MUTED_INK, PAGE_BACKGROUND)).to.be.at.least(4.5);
  });

  it('declares the language and a title naming the outcome', () => {
    expect(html).to.match(/^<!DOCTYPE html>\n<html lang="en">/);
    expect(html).to.match(/<title>Faultline report: 1 failed, 2 passed<\/title>/);
  });

  it('labels every chart with a title and a description that name what happened', () => {
    const charts = [...html.matchAll(/<svg class="timeline-chart" role="img" aria-labelledby="([^ "]+) ([^ "]+)"/g)];
    expect(charts).to.have.length(RECORDED.results.length);
    for (const [, titleId, descId] of charts) {
      expect(html).to.match(new RegExp(`<title id="${titleId}">Timeline of scenario [^<]+</title>`));
      expect(html).to.match(new RegExp(`<desc id="${descId}">[^<]+</desc>`));
    }
    expect(html).to.match(/<desc id="[^"]+">[^<]*web-7b6fddd64d-6695z\/web restarted at \d+\.\ds/);
    expect(html).to.match(/<desc id="[^"]+">[^<]*left the endpoints of service web at \d+\.\ds/);
  });

  it('gives every mark on a chart a tooltip title', () => {
    const marks = [...html.matchAll(/<g class="(restart-marker|fault-marker|window-band|event-marker|segment)[^"]*"[^>]*>(<title>)?/g)];
    expect(marks.length).to.be.greaterThan(50);
    expect(marks.filter((match) => match[2] === undefined).map((match) => match[0])).to.deep.equal([]);
  });

  it('has no image without a text alternative, and ids that are unique', () => {
    expect(html).not.to.match(/<img(?![^>]*\balt=)/);
    const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((match) => match[1]);
    expect(new Set(ids).size).to.equal(ids.length);
  });
});
