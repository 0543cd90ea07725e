/** One printed poster: a point's QR and the Vietnamese names citizens read beside it. */
export type Poster = {
  code: string;
  pointName: string;
  agencyName: string;
  url: string;
  displayUrl: string;
  /** The QR as an SVG document made on the server by `qrcode` (no user text in it). */
  svg: string;
};
