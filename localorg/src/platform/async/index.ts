/** Async Apex, platform events, callouts, metadata deploys, email and platform cache. */
import type { NativeClass } from '../../runtime/native';

/** Apex classes of the async/integration layer (`Http`, `EventBus`, `Metadata` …). */
export const asyncClasses: NativeClass[] = [];
