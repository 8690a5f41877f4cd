/** A page: draws itself into `root` and may return a teardown run when the route changes. */
export type Teardown = () => void;
export type View = (root: HTMLElement) => Teardown | void;
