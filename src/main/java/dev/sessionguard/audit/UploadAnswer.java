package dev.sessionguard.audit;

import com.slack.api.methods.SlackFilesUploadV2Exception;
import com.slack.api.methods.response.files.FilesGetUploadURLExternalResponse;
import com.slack.api.methods.response.files.FilesUploadV2Response;
import com.slack.api.model.File;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** What the SDK's {@code filesUploadV2} came to, read the way {@code SlackCalls} reads any other call. */
final class UploadAnswer {

    private UploadAnswer() {
    }

    /**
     * The SDK throws its own runtime exception when a step answers {@code ok: false} or the upload URL refuses the
     * bytes; {@code SlackCalls} would see only "unexpected_error". This keeps the step's own error code.
     */
    static FilesUploadV2Response asResponse(SlackFilesUploadV2Exception e) {
        FilesUploadV2Response failed = new FilesUploadV2Response();
        failed.setOk(false);
        failed.setError(error(e));
        return failed;
    }

    private static String error(SlackFilesUploadV2Exception e) {
        if (e.getCompleteResponse() != null) {
            return e.getCompleteResponse().getError();
        }
        var refused = e.getUploadResponses().values().stream().filter(u -> u.getCode() != 200).findFirst();
        if (refused.isPresent()) {
            return "upload_http_" + refused.get().getCode();
        }
        List<FilesGetUploadURLExternalResponse> urls = e.getGetURLResponses();
        return urls.isEmpty() ? null : urls.get(urls.size() - 1).getError();
    }

    /** The message that shared the file in {@code channel}, when Slack's answer already names it. */
    static String sharedTs(FilesUploadV2Response response, String channel) {
        List<File> files = response.getFiles() == null ? List.of() : response.getFiles();
        return files.stream().map(File::getShares).filter(Objects::nonNull)
                .flatMap(s -> Stream.of(s.getPrivateChannels(), s.getPublicChannels()))
                .filter(Objects::nonNull)
                .map(byChannel -> byChannel.get(channel))
                .filter(here -> here != null && !here.isEmpty())
                .map(here -> here.get(0).getTs())
                .filter(Objects::nonNull)
                .findFirst().orElse(null);
    }
}
