/**
 * Highlights the current section in Starlight's table of contents, in place of Starlight's own module
 * (`components-internals/TableOfContents/starlight-toc`), which `src/integrations/lean-toc.ts` swaps for this one.
 * Starlight's `TableOfContents` and `MobileTableOfContents` keep their markup, styles and the mobile subclass, which
 * extends the class exported here.
 *
 * Why: Starlight's module observes every block of the article, found with `:has()` selectors that search each block's
 * whole subtree. On article 02 (7,000 elements) that query took 26 ms, once for each of the two tables of contents:
 * two long tasks that made most of the page's Total Blocking Time on a throttled phone, growing with every article.
 * This one reads only the headings the table links to, and on scroll finds the current one by binary search.
 *
 * Same behaviour: the current section is the one whose content is in a 53 px band just below the header (and the
 * mobile table's summary), with 2rem of room: the last heading above the bottom of that band. At the top of the page
 * that is the page title (`#_top`).
 */
import { currentSection } from '../lib/toc.ts';

const onIdle = (callback: () => void) => (window.requestIdleCallback ?? ((run: () => void) => setTimeout(run, 1)))(callback);

export class StarlightTOC extends HTMLElement {
	#current: HTMLAnchorElement | null = this.querySelector('a[aria-current="true"]');

	protected set current(link: HTMLAnchorElement) {
		if (link === this.#current) return;
		this.#current?.removeAttribute('aria-current');
		link.setAttribute('aria-current', 'true');
		this.#current = link;
	}

	constructor() {
		super();
		onIdle(() => this.#init());
	}

	#init() {
		const sections = [...this.querySelectorAll('a')].flatMap((link) => {
			const heading = document.getElementById(decodeURIComponent(link.hash.slice(1)));
			return heading ? [{ link, heading }] : [];
		});
		if (sections.length === 0) return;
		let line = this.#line();
		let scheduled = false;
		const update = () => {
			scheduled = false;
			const index = currentSection(sections.length, line, (i) => sections[i]!.heading.getBoundingClientRect().top);
			this.current = sections[index]!.link;
		};
		const schedule = () => {
			if (scheduled) return;
			scheduled = true;
			requestAnimationFrame(update);
		};
		update();
		addEventListener('scroll', schedule, { passive: true });
		addEventListener('resize', () => {
			line = this.#line();
			schedule();
		});
	}

	/** The bottom of the band, in pixels from the top of the viewport: header, summary, 2rem, then 53 px. */
	#line(): number {
		const header = document.querySelector('header')?.getBoundingClientRect().height ?? 0;
		const summary = this.querySelector('summary')?.getBoundingClientRect().height ?? 0;
		return header + summary + 32 + 53;
	}
}

customElements.define('starlight-toc', StarlightTOC);
