import { LightningElement, api } from 'lwc';

/**
 * Previous and Next under a paged list, with an optional label (`Runs 21–40`). The parent keeps
 * the offset; the pager fires `page` with `{ offset }`, the offset to read next.
 */
export default class Pager extends LightningElement {
  @api offset = 0;
  @api pageSize = 20;
  /** Whether rows follow the page shown. */
  @api hasMore = false;
  /** While a page is read, both buttons are off. */
  @api loading = false;
  @api label = '';
  /** A prefix of the buttons' `data-id` (`runs` gives `runs-previous`, `runs-next`). */
  @api name = '';

  get noPrevious(): boolean {
    return this.offset === 0 || this.loading;
  }

  get noNext(): boolean {
    return !this.hasMore || this.loading;
  }

  get previousId(): string {
    return this.name ? `${this.name}-previous` : 'previous';
  }

  get nextId(): string {
    return this.name ? `${this.name}-next` : 'next';
  }

  handlePrevious(): void {
    this.turn(Math.max(0, this.offset - this.pageSize));
  }

  handleNext(): void {
    this.turn(this.offset + this.pageSize);
  }

  private turn(offset: number): void {
    this.dispatchEvent(new CustomEvent('page', { detail: { offset } }));
  }
}
