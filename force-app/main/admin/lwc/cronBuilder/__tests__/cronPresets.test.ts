import { fromCron, toCron } from '../cronPresets';

describe('cron presets', () => {
  it('writes each preset as the Apex Scheduler reads it', () => {
    expect(toCron({ repeat: 'none', hour: 2, cron: '0 0 * * * ?' })).toBe('');
    expect(toCron({ repeat: 'quarter', hour: 2, cron: '' })).toBe('0 0/15 * * * ?');
    expect(toCron({ repeat: 'hourly', hour: 2, cron: '' })).toBe('0 0 * * * ?');
    expect(toCron({ repeat: 'daily', hour: 6, cron: '' })).toBe('0 0 6 * * ?');
    expect(toCron({ repeat: 'weekdays', hour: 30, cron: '' })).toBe('0 0 23 ? * MON-FRI');
    expect(toCron({ repeat: 'custom', hour: 2, cron: ' 0 30 6 1 * ? ' })).toBe('0 30 6 1 * ?');
  });

  it('reads an expression back as its preset, or as custom', () => {
    expect(fromCron(null)).toEqual({ repeat: 'none', hour: 2, cron: '' });
    expect(fromCron('0  0/15 * * * ?').repeat).toBe('quarter');
    expect(fromCron('0 0 * * * ?').repeat).toBe('hourly');
    expect(fromCron('0 0 7 * * ?')).toEqual({ repeat: 'daily', hour: 7, cron: '0 0 7 * * ?' });
    expect(fromCron('0 0 18 ? * mon-fri')).toMatchObject({ repeat: 'weekdays', hour: 18 });
    expect(fromCron('0 0 25 * * ?').repeat).toBe('custom');
    expect(fromCron('0 30 6 ? * SAT')).toEqual({
      repeat: 'custom',
      hour: 2,
      cron: '0 30 6 ? * SAT',
    });
  });
});
