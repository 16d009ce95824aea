/**
 * `lightning/platformResourceLoader`: `loadScript(component, url)` adds a `<script>` for the URL
 * to the page once and resolves when it has run; loading the same URL again gives the first load's
 * promise, as the platform's loader does. A script that cannot be loaded rejects. `loadStyle` is
 * not supported in localorg.
 */
const loaded = new Map<string, Promise<void>>();

export function loadScript(_component: object, url: string): Promise<void> {
  let loading = loaded.get(url);
  if (!loading) {
    loading = new Promise<void>((resolve, reject) => {
      const script = document.createElement('script');
      script.src = url;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`loadScript: ${url} could not be loaded`));
      document.head.appendChild(script);
    });
    loaded.set(url, loading);
  }
  return loading;
}

export function loadStyle(): Promise<void> {
  return Promise.reject(
    new Error('not supported in localorg: loadStyle of lightning/platformResourceLoader'),
  );
}
