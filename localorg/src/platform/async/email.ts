/**
 * Outbound email: `Messaging.SingleEmailMessage` and `Messaging.sendEmail`. Nothing is sent:
 * messages go to an outbox (released when the transaction commits; kept for inspection in
 * tests) and count against `Limits.getEmailInvocations()`.
 */
import type { NativeClass, Runtime } from '../../runtime/native';
import {
  ApexError,
  ApexList,
  NativeObject,
  NotSupportedError,
  typeRef,
  type Value,
} from '../../runtime/values';
import { asyncOf, isTest, platformOf, requireArg } from './context';
import type { AsyncService } from './service';

export interface OutboxEmail {
  readonly to: string[];
  readonly cc: string[];
  readonly bcc: string[];
  readonly subject: string | null;
  readonly plainTextBody: string | null;
  readonly htmlBody: string | null;
  readonly senderDisplayName: string | null;
  readonly replyTo: string | null;
  readonly targetObjectId: string | null;
  readonly whatId: string | null;
  readonly sentAt: number;
  /** Sent from an Apex test (the platform never delivers those). */
  readonly test: boolean;
}

type EmailState = Map<string, Value>;
const SINGLE = 'Messaging.SingleEmailMessage';

const strings = (v: Value | undefined): string[] =>
  v instanceof ApexList ? v.items.filter((x) => x !== null).map(String) : [];
const text = (v: Value | undefined): string | null =>
  v === null || v === undefined ? null : String(v);

export class EmailService {
  private readonly outbox: OutboxEmail[] = [];

  constructor(private readonly svc: AsyncService) {}

  /** Messages sent so far (committed ones, and every one sent in a test). */
  getOutbox(): readonly OutboxEmail[] {
    return this.outbox;
  }

  resetTest(): void {
    for (let i = this.outbox.length - 1; i >= 0; i--) {
      if (this.outbox[i].test) this.outbox.splice(i, 1);
    }
  }

  /** `Messaging.sendEmail(emails[, allOrNothing])`. */
  sendEmail(rt: Runtime, emails: Value, allOrNothing: boolean): Value {
    requireArg(emails);
    if (!(emails instanceof ApexList)) throw new NotSupportedError('sendEmail of a non-list');
    platformOf(rt).limits.consume('emailInvocations');
    const test = isTest(rt);
    const results: Value[] = [];
    const accepted: OutboxEmail[] = [];
    emails.items.forEach((m, row) => {
      if (!(m instanceof NativeObject) || m.typeName !== SINGLE) {
        throw new NotSupportedError(
          `sending ${m === null ? 'null' : (m as NativeObject).typeName}`,
        );
      }
      const st = m.state as EmailState;
      const email: OutboxEmail = {
        to: strings(st.get('toaddresses')),
        cc: strings(st.get('ccaddresses')),
        bcc: strings(st.get('bccaddresses')),
        subject: text(st.get('subject')),
        plainTextBody: text(st.get('plaintextbody')),
        htmlBody: text(st.get('htmlbody')),
        senderDisplayName: text(st.get('senderdisplayname')),
        replyTo: text(st.get('replyto')),
        targetObjectId: text(st.get('targetobjectid')),
        whatId: text(st.get('whatid')),
        sentAt: this.svc.clock.now(),
        test,
      };
      const missing =
        !email.to.length && !email.cc.length && !email.bcc.length && !email.targetObjectId;
      if (missing) {
        const message = 'Missing target address (target, to, cc, bcc)';
        if (allOrNothing) {
          throw new ApexError(
            'System.EmailException',
            `SendEmail failed. First exception on row ${row}; first error: REQUIRED_FIELD_MISSING, ${message}: []`,
          );
        }
        results.push(sendResult(false, [{ statusCode: 'REQUIRED_FIELD_MISSING', message }]));
        return;
      }
      accepted.push(email);
      results.push(sendResult(true, []));
    });
    this.svc.afterCommit(rt, () => this.outbox.push(...accepted));
    return new ApexList(typeRef('Messaging.SendEmailResult'), results);
  }
}

interface SendResultState {
  success: boolean;
  errors: { statusCode: string; message: string }[];
}

function sendResult(success: boolean, errors: SendResultState['errors']): Value {
  return new NativeObject<SendResultState>('Messaging.SendEmailResult', { success, errors });
}

const PROPS: Record<string, string> = {
  toaddresses: 'toaddresses',
  ccaddresses: 'ccaddresses',
  bccaddresses: 'bccaddresses',
  subject: 'subject',
  plaintextbody: 'plaintextbody',
  htmlbody: 'htmlbody',
  senderdisplayname: 'senderdisplayname',
  replyto: 'replyto',
  targetobjectid: 'targetobjectid',
  whatid: 'whatid',
  saveasactivity: 'saveasactivity',
  orgwideemailaddressid: 'orgwideemailaddressid',
  usesignature: 'usesignature',
  charset: 'charset',
  inreplyto: 'inreplyto',
  references: 'references',
  bccsender: 'bccsender',
};

function emailMethods(): Record<string, (rt: Runtime, a: Value[], s: Value) => Value> {
  const m: Record<string, (rt: Runtime, a: Value[], s: Value) => Value> = {};
  const st = (s: Value) => (s as NativeObject<EmailState>).state;
  for (const key of Object.values(PROPS)) {
    m[`set${key}`] = (_rt, a, s) => (st(s).set(key, a[0] ?? null), null);
    m[`get${key}`] = (_rt, _a, s) => st(s).get(key) ?? null;
  }
  for (const unsupported of ['settemplateid', 'setfileattachments', 'setentityattachments']) {
    m[unsupported] = () => {
      throw new NotSupportedError(`SingleEmailMessage.${unsupported}`);
    };
  }
  return m;
}

export const emailClasses: NativeClass[] = [
  {
    name: 'SingleEmailMessage',
    namespace: 'Messaging',
    construct: () => new NativeObject<EmailState>(SINGLE, new Map()),
    methods: emailMethods(),
  },
  {
    name: 'SendEmailResult',
    namespace: 'Messaging',
    methods: {
      issuccess: (_rt, _a, s) => (s as NativeObject<SendResultState>).state.success,
      geterrors: (_rt, _a, s) =>
        new ApexList(
          typeRef('Messaging.SendEmailError'),
          (s as NativeObject<SendResultState>).state.errors.map(
            (e) => new NativeObject('Messaging.SendEmailError', e),
          ),
        ),
    },
  },
  {
    name: 'SendEmailError',
    namespace: 'Messaging',
    methods: {
      getmessage: (_rt, _a, s) => (s as NativeObject<{ message: string }>).state.message,
      getstatuscode: (_rt, _a, s) => (s as NativeObject<{ statusCode: string }>).state.statusCode,
      getfields: () => new ApexList(typeRef('String'), []),
      gettargetobjectid: () => null,
    },
  },
  {
    name: 'Messaging',
    statics: {
      sendemail: (rt, a) => asyncOf(rt).email.sendEmail(rt, a[0] ?? null, a[1] !== false),
      reservesingleemailcapacity: () => {
        throw new NotSupportedError('Messaging.reserveSingleEmailCapacity');
      },
    },
  },
];
