/**
 * Inbound email (Apex Reference Guide, "InboundEmail Class", "InboundEmail.BinaryAttachment",
 * "InboundEmail.TextAttachment", "InboundEmail.Header", "InboundEnvelope Class",
 * "InboundEmailResult Class"): the objects an email service hands to a
 * `Messaging.InboundEmailHandler`, which tests build themselves. Every property starts null,
 * lists included. localorg has no email services: nothing delivers mail to a handler.
 */
import type { NativeClass } from '../../runtime/native';
import type { Value } from '../../runtime/values';
import { propBagClass } from './records';

/** Property names (as the guide spells them), all null in a new object. */
function nulls(...names: string[]): () => Record<string, Value> {
  return () => Object.fromEntries(names.map((n) => [n, null]));
}

const ATTACHMENT = ['body', 'fileName', 'mimeTypeSubType', 'headers'];

export const inboundEmailClasses: NativeClass[] = [
  propBagClass(
    'InboundEmail',
    'Messaging',
    nulls(
      'binaryAttachments',
      'ccAddresses',
      'fromAddress',
      'fromName',
      'headers',
      'htmlBody',
      'htmlBodyIsTruncated',
      'inReplyTo',
      'messageId',
      'plainTextBody',
      'plainTextBodyIsTruncated',
      'references',
      'replyTo',
      'subject',
      'textAttachments',
      'toAddresses',
    ),
  ),
  propBagClass('InboundEmail.BinaryAttachment', 'Messaging', nulls(...ATTACHMENT)),
  propBagClass(
    'InboundEmail.TextAttachment',
    'Messaging',
    nulls(...ATTACHMENT, 'bodyIsTruncated', 'charset'),
  ),
  propBagClass('InboundEmail.Header', 'Messaging', nulls('name', 'value')),
  propBagClass('InboundEnvelope', 'Messaging', nulls('fromAddress', 'toAddress')),
  propBagClass('InboundEmailResult', 'Messaging', nulls('success', 'message')),
];
