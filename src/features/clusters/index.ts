/** Linked cases and cluster decisions (docs/clusters.md): the case view's panel and the cluster view. */
export { LinksPanel } from './LinksPanel';
