export { startWebhookReceiver, type ReceiverReply } from './webhook-receiver';
