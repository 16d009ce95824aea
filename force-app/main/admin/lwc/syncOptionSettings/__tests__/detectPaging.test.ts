import { detectPaging } from '../detectPaging';

const sample = (body: unknown) => JSON.stringify(body);

describe('detectPaging', () => {
  it('reads numbered pages and their size from meta.total_pages and meta.per_page', () => {
    expect(
      detectPaging(
        sample({ data: [{ id: 1 }], meta: { page: 1, per_page: 25, total: 60, total_pages: 3 } }),
      ),
    ).toEqual({
      paging: 'Page_Number',
      pagingSettings: { pageParam: 'page', sizeParam: 'per_page' },
      pageSize: 25,
      reason: 'meta.total_pages: the API numbers its pages',
    });
  });

  it("reads Stripe's has_more, a cursor and a next link", () => {
    expect(detectPaging(sample({ data: [], has_more: true }))).toMatchObject({
      paging: 'Has_More',
      pagingSettings: { hasMorePath: 'has_more' },
    });
    expect(detectPaging(sample({ items: [], meta: { next_cursor: 'abc' } }))).toMatchObject({
      paging: 'Cursor',
      pagingSettings: { cursorPath: 'meta.next_cursor' },
    });
    expect(
      detectPaging(sample({ results: [], links: { next: 'https://api.example.com/x?page=2' } })),
    ).toMatchObject({ paging: 'Next_Url', pagingSettings: { nextUrlPath: 'links.next' } });
  });

  it("reads a GraphQL connection's pageInfo beside its nodes", () => {
    const body = {
      data: { invoices: { nodes: [{ id: 1 }], pageInfo: { endCursor: 'c1', hasNextPage: true } } },
    };
    expect(detectPaging(sample(body))).toEqual({
      paging: 'GraphQL',
      pagingSettings: { pageInfoPath: 'data.invoices.pageInfo' },
      pageSize: null,
      reason: 'data.invoices.pageInfo: a GraphQL API pages by endCursor and hasNextPage',
    });
  });

  it('finds nothing in a list, a body without paging keys, or text that is not JSON', () => {
    expect(detectPaging(sample([{ id: 1 }]))).toBeNull();
    expect(detectPaging(sample({ data: [{ id: 1, next: 'not a link' }], next: null }))).toBeNull();
    expect(detectPaging('{ not json')).toBeNull();
  });
});
