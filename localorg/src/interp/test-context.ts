/**
 * The Apex test context: `Test.startTest()` / `Test.stopTest()` (fresh limits between them, queued
 * async work run at the stop) and `System.runAs`.
 */
import { ApexError, SObjectValue, type Value } from '../runtime/values';
import { GovernorLimits } from '../platform/limits';
import type { RunningUser } from '../runtime/native';
import { Transactions } from './transactions';

export abstract class TestContext extends Transactions {
  abstract user: RunningUser;
  private testStarted: { limits: ReturnType<GovernorLimits['snapshot']>; cpuBase: number } | null =
    null;
  private readonly stopTestHooks = new Set<() => void>();

  override beginTransaction(kind: 'sync' | 'async' = 'sync', isTest = false): void {
    super.beginTransaction(kind, isTest);
    this.testStarted = null;
  }

  onStopTest(hook: () => void): void {
    this.stopTestHooks.add(hook);
  }

  startTest(): void {
    if (this.testStarted) throw new ApexError('System.FinalException', 'Testing already started');
    this.testStarted = { limits: this.limits.snapshot(), cpuBase: this.cpuBase };
    this.limits.reset();
    this.cpuBase = this.cpuClock();
  }

  stopTest(): void {
    this.asyncService?.runQueuedForStopTest();
    for (const h of this.stopTestHooks) h();
    if (this.testStarted) {
      this.limits.restore(this.testStarted.limits);
      this.cpuBase = this.testStarted.cpuBase;
    }
  }

  runAs(user: Value, body: () => number): number {
    if (!(user instanceof SObjectValue))
      throw new ApexError('System.NullPointerException', 'Attempt to de-reference a null object');
    const saved = this.user;
    const get = (k: string): string | null => {
      const v = user.fields.get(k);
      return typeof v === 'string' ? v : null;
    };
    const name = [get('firstname'), get('lastname')].filter((x) => x).join(' ');
    this.user = {
      ...saved,
      id: get('id') ?? saved.id,
      userName: get('username') ?? saved.userName,
      name: get('name') ?? (name || saved.name),
      email: get('email') ?? saved.email,
      profileId: get('profileid') ?? saved.profileId,
      timeZone: get('timezonesidkey') ?? saved.timeZone,
      locale: get('localesidkey') ?? saved.locale,
      language: get('languagelocalekey') ?? saved.language,
    };
    try {
      return body();
    } finally {
      this.user = saved;
    }
  }
}
