/** What a route tells the document around it. */
export type RouteHandle = {
  /** i18next namespaces the route's strings come from. */
  i18n?: string | string[];
  /**
   * `false` for pages that are complete as plain HTML forms (the citizen
   * survey): the framework's JavaScript is not sent at all.
   */
  hydrate?: boolean;
};
