package dev.sessionguard.support;

/**
 * One file shared through the SDK's {@code filesUploadV2}, as {@link FakeSlack#uploads()} lists it.
 *
 * @param filename       as given to {@code files.getUploadURLExternal}
 * @param title          as given to {@code files.completeUploadExternal}
 * @param content        the bytes POSTed to the upload URL, as UTF-8
 * @param channel        {@code channel_id} (or {@code channels}) of the completion; null leaves the file private
 * @param threadTs       the message it replies under, or null
 * @param initialComment the text shown above the file, or null
 */
public record FakeUpload(String fileId, String filename, String title, String content, String channel,
                         String threadTs, String initialComment) {
}
