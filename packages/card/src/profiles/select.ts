import { selectAid, selectEf } from '../apdu/command';
import { SW } from '../apdu/status';
import { bytesEqual } from '../bytes';
import { type CardChannel, statusError } from '../channel';
import { CardProtocolError, NotMyNumberCardError } from '../errors';

export async function selectApplication(channel: CardChannel, aid: Uint8Array): Promise<void> {
  const current = channel.application;
  if (current !== undefined && bytesEqual(current, aid)) return;
  channel.application = undefined;
  const response = await channel.send(selectAid(aid));
  // A card without the AP is some other card: a bank card, a transit card, a 住基カード without text AP.
  if (response.sw === SW.FILE_NOT_FOUND || response.sw === SW.WRONG_P1P2 || response.sw === SW.FUNCTION_NOT_SUPPORTED) {
    throw new NotMyNumberCardError();
  }
  if (response.sw !== SW.OK) throw statusError(response.sw);
  channel.application = aid;
}

export async function selectFile(channel: CardChannel, fileId: number): Promise<void> {
  const response = await channel.send(selectEf(fileId));
  if (response.sw === SW.OK) return;
  if (response.sw === SW.FILE_NOT_FOUND) {
    throw new CardProtocolError(`EF ${fileId.toString(16).padStart(4, '0')} not found in the selected application`);
  }
  throw statusError(response.sw);
}
