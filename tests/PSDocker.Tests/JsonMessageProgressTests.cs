using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Docker.DotNet.Models;
using PSDocker.Streams;
using Xunit;

namespace PSDocker.Tests;

public class JsonMessageProgressTests
{
    private const int Parent = JsonMessageWriter.ParentActivityId;

    private static JSONMessage Layer(string id, string status, long current = 0, long total = 0) => new JSONMessage
    {
        ID = id,
        Status = status,
        Progress = total > 0 || current > 0 ? new JSONProgress { Current = current, Total = total } : null,
    };

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);

    private static (JsonMessageProgress State, List<ProgressRecord> Records, List<string> Text) Play(params (double Ms, JSONMessage Message)[] messages)
    {
        var state = new JsonMessageProgress("Pulling app:1", Parent);
        var records = new List<ProgressRecord>();
        var text = new List<string>();
        foreach (var (ms, message) in messages)
        {
            var lines = new List<JsonMessageLine>();
            state.Apply(message, Ms(ms), records, lines);
            text.AddRange(lines.Select(l => l.Text));
        }

        return (state, records, text);
    }

    [Fact]
    public void A_pull_gives_one_child_record_per_layer_under_one_parent_and_completes_them()
    {
        var (state, records, text) = Play(
            (0, new JSONMessage { ID = "1.0", Status = "Pulling from app" }),
            (1, Layer("aaa", "Pulling fs layer")),
            (2, Layer("bbb", "Pulling fs layer")),
            (3, Layer("aaa", "Downloading", 500, 1000)),
            (200, Layer("aaa", "Download complete")),
            (201, Layer("aaa", "Extracting", 100, 1000)),
            (400, Layer("aaa", "Pull complete")),
            (401, Layer("bbb", "Already exists")),
            (402, new JSONMessage { Status = "Digest: sha256:abc" }),
            (403, new JSONMessage { Status = "Status: Downloaded newer image for app:1.0" }));

        Assert.Equal(new[] { "1.0: Pulling from app", "Digest: sha256:abc", "Status: Downloaded newer image for app:1.0" }, text);
        Assert.Equal(2, state.LayerCount);
        Assert.Equal(2, state.CompletedCount);
        Assert.Equal(100, state.ParentPercent);

        var children = records.Where(r => r.ActivityId != Parent).ToList();
        Assert.All(children, r => Assert.Equal(Parent, r.ParentActivityId));
        Assert.Equal(new[] { "Layer aaa", "Layer bbb" }, children.Select(r => r.Activity).Distinct());
        Assert.Equal(2, children.Select(r => r.ActivityId).Distinct().Count());
        Assert.Contains(children, r => r.Activity == "Layer aaa" && r.StatusDescription == "Downloading 500B / 1kB" && r.PercentComplete == 50);
        var aaaDone = children.Last(r => r.Activity == "Layer aaa");
        Assert.Equal(ProgressRecordType.Completed, aaaDone.RecordType);
        Assert.Equal("Pull complete", aaaDone.StatusDescription);
        Assert.Equal(ProgressRecordType.Completed, children.Last(r => r.Activity == "Layer bbb").RecordType);
        Assert.Contains(records, r => r.ActivityId == Parent && r.Activity == "Pulling app:1" && r.RecordType == ProgressRecordType.Processing);

        // The end closes only what is still open: the parent (the layers completed themselves).
        var closing = state.Complete();
        var parent = Assert.Single(closing);
        Assert.Equal(Parent, parent.ActivityId);
        Assert.Equal(ProgressRecordType.Completed, parent.RecordType);
        Assert.Empty(state.Complete());
    }

    [Fact]
    public void Updates_of_one_layer_are_throttled_but_status_changes_and_the_final_one_are_written()
    {
        var messages = new List<(double, JSONMessage)> { (0, Layer("aaa", "Downloading", 0, 1000)) };
        for (int i = 1; i <= 100; i++)
        {
            messages.Add((i, Layer("aaa", "Downloading", i * 10, 1000))); // 100 updates in 100 ms
        }

        messages.Add((101, Layer("aaa", "Extracting", 1, 1000)));
        messages.Add((102, Layer("aaa", "Pull complete")));
        var (_, records, _) = Play(messages.ToArray());

        var children = records.Where(r => r.ActivityId != Parent).ToList();
        // First update, one more after 100 ms, the status change, the completion.
        Assert.Equal(4, children.Count);
        Assert.Equal(new[] { "Downloading", "Downloading", "Extracting", "Pull complete" }, children.Select(r => r.StatusDescription.Split(' ')[0] == "Pull" ? "Pull complete" : r.StatusDescription.Split(' ')[0]));
        Assert.Equal(ProgressRecordType.Completed, children[^1].RecordType);
        Assert.True(records.Count(r => r.ActivityId == Parent) <= 4);
    }

    [Fact]
    public void The_end_closes_open_layers_and_the_parent_after_an_error()
    {
        var (state, records, _) = Play(
            (0, Layer("aaa", "Downloading", 10, 100)),
            (1, Layer("bbb", "Waiting")),
            (2, new JSONMessage { Error = new JSONError { Message = "unexpected EOF" } }),
            (3, new JSONMessage { Error = new JSONError { Message = "second" } }));

        Assert.Equal("unexpected EOF", state.Error);
        var closing = state.Complete();
        Assert.Equal(3, closing.Count);
        Assert.All(closing, r => Assert.Equal(ProgressRecordType.Completed, r.RecordType));
        Assert.Equal(Parent, closing[^1].ActivityId);
        Assert.Equal(new[] { "Layer aaa", "Layer bbb" }, closing.Take(2).Select(r => r.Activity));
    }

    [Fact]
    public void The_parent_percent_counts_download_as_the_first_half_and_extraction_as_the_second()
    {
        var state = new JsonMessageProgress("Pulling x", Parent);
        var records = new List<ProgressRecord>();
        state.Apply(Layer("a", "Downloading", 50, 100), Ms(0), records, new List<JsonMessageLine>());
        state.Apply(Layer("b", "Pushing", 50, 100), Ms(0), records, new List<JsonMessageLine>());
        Assert.Equal(37, state.ParentPercent); // (0.25 + 0.5) / 2
        state.Apply(Layer("a", "Extracting", 50, 100), Ms(0), records, new List<JsonMessageLine>());
        Assert.Equal(62, state.ParentPercent); // (0.75 + 0.5) / 2
        state.Apply(Layer("b", "Pushed"), Ms(0), records, new List<JsonMessageLine>());
        Assert.Equal(87, state.ParentPercent);
    }

    [Fact]
    public void A_push_result_is_read_from_the_aux_message()
    {
        var aux = JsonDocument.Parse("{\"Tag\":\"1.0\",\"Digest\":\"sha256:abc\",\"Size\":527}").RootElement;
        var data = new ObjectExtensionData
        {
            ExtensionData = new Dictionary<string, object> { ["Tag"] = aux.GetProperty("Tag"), ["Digest"] = aux.GetProperty("Digest"), ["Size"] = aux.GetProperty("Size") },
        };
        var (state, _, text) = Play(
            (0, new JSONMessage { Status = "The push refers to repository [127.0.0.1:5000/app]" }),
            (1, Layer("aaa", "Preparing")),
            (2, Layer("aaa", "Pushing", 10, 20)),
            (3, Layer("aaa", "Pushed")),
            (4, new JSONMessage { Status = "1.0: digest: sha256:abc size: 527" }),
            (5, new JSONMessage { Aux = data }));

        var pushed = Assert.Single(state.Pushed);
        Assert.Equal(("1.0", "sha256:abc", 527L), (pushed.Tag, pushed.Digest, pushed.Size));
        Assert.Equal(1, state.CompletedCount);
        Assert.Contains("1.0: digest: sha256:abc size: 527", text);
    }

    [Theory]
    [InlineData("manifest for 127.0.0.1:5000/x:1 not found: manifest unknown: manifest unknown", null, "NotFound")]
    [InlineData("pull access denied for nope, repository does not exist or may require 'docker login': denied: requested access to the resource is denied", null, "NotFound")]
    [InlineData("repository name not known to registry: name unknown", null, "NotFound")]
    [InlineData("An image does not exist locally with the tag: 127.0.0.1:5000/x", 404, "NotFound")]
    [InlineData("Head \"http://127.0.0.1:5001/v2/x/manifests/1\": no basic auth credentials", null, "Authentication")]
    [InlineData("unauthorized: authentication required", null, "Authentication")]
    [InlineData("Get \"http://127.0.0.1:5001/v2/\": unauthorized: ", 500, "Authentication")]
    [InlineData("denied: requested access to the resource is denied", null, "Authentication")]
    [InlineData("Get \"http://127.0.0.1:5999/v2/\": dial tcp 127.0.0.1:5999: connect: connection refused", 500, "Failed")]
    [InlineData("unexpected EOF", null, "Failed")]
    public void Errors_are_classified_as_docker_words_them(string message, int? status, string kind)
    {
        Assert.Equal(kind, JsonMessageProgress.Classify(message, status).ToString());
    }

    [Fact]
    public void Errors_map_to_ids_categories_and_the_engines_message()
    {
        var notFound = JsonMessageProgress.ToException("pull", "ImagePullFailed", "x:1", "manifest unknown");
        Assert.Equal(("ImageNotFound", ErrorCategory.ObjectNotFound), (notFound.ErrorId, notFound.Category));
        Assert.Equal("Could not pull image 'x:1': manifest unknown", notFound.Message);

        var auth = JsonMessageProgress.ToException("push", "ImagePushFailed", "x:1", "unauthorized: authentication required");
        Assert.Equal(("RegistryAuthenticationFailed", ErrorCategory.PermissionDenied), (auth.ErrorId, auth.Category));

        var refused = JsonMessageProgress.ToException("push", "ImagePushFailed", "x:1", "dial tcp 127.0.0.1:5999: connect: connection refused", 500);
        Assert.Equal(("ImagePushFailed", ErrorCategory.ConnectionError), (refused.ErrorId, refused.Category));
    }

    private static (JsonMessageProgress State, List<JsonMessageLine> Lines) Read(int maxLineLength, params JSONMessage[] messages)
    {
        var state = new JsonMessageProgress("Building", Parent, null, maxLineLength);
        var lines = new List<JsonMessageLine>();
        foreach (JSONMessage message in messages)
        {
            state.Apply(message, Ms(0), new List<ProgressRecord>(), lines);
        }

        return (state, lines);
    }

    // As the library reads an aux message: each property a JsonElement.
    private static ObjectExtensionData AuxOf(string json) => new ObjectExtensionData
    {
        ExtensionData = JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value.Clone()),
    };

    private static JSONMessage Chunk(string text) => new JSONMessage { Stream = text };

    [Fact]
    public void The_first_error_and_the_last_status_are_kept()
    {
        var (state, lines) = Read(1024,
            new JSONMessage { Status = "Pulling from psdocker/busybox", ID = "latest" },
            new JSONMessage { Error = new JSONError { Message = "manifest unknown" } },
            new JSONMessage { Error = new JSONError { Message = "second", Code = 7 } },
            new JSONMessage { Status = "Status: done" });

        Assert.Equal("manifest unknown", state.Error);
        Assert.Null(state.ErrorCode);
        Assert.Equal("Status: done", state.LastStatus);
        Assert.Equal(new[] { "latest: Pulling from psdocker/busybox", "Status: done" }, lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(JsonMessageLineKind.Status, l.Kind));
    }

    [Fact]
    public void A_build_error_keeps_its_code_and_an_error_with_only_a_code_is_still_an_error()
    {
        var (failed, _) = Read(1024, new JSONMessage
        {
            Error = new JSONError { Message = "The command '/bin/sh -c exit 3' returned a non-zero code: 3", Code = 3 },
        });
        Assert.Equal("The command '/bin/sh -c exit 3' returned a non-zero code: 3", failed.Error);
        Assert.Equal(3, failed.ErrorCode);

        var (codeOnly, _) = Read(1024, Chunk("Step 1/1 : RUN false\n"), new JSONMessage { Error = new JSONError { Code = 1 } });
        Assert.Equal("error code 1", codeOnly.Error);
        Assert.Equal(1, codeOnly.ErrorCode);

        var (none, _) = Read(1024, new JSONMessage { Error = new JSONError() });
        Assert.Null(none.Error);
    }

    [Fact]
    public void The_built_image_id_comes_from_the_aux_message_and_a_push_aux_is_not_an_id()
    {
        string id = "sha256:" + new string('b', 64);
        var aux = AuxOf("{\"ID\":\"" + id + "\"}");
        var pushAux = AuxOf("{\"Tag\":\"1.0\",\"Digest\":\"sha256:abc\",\"Size\":527}");
        var (state, _) = Read(1024, Chunk("Successfully built bbbbbbbbbbbb\n"), new JSONMessage { Aux = pushAux }, new JSONMessage { Aux = aux });

        Assert.Equal(id, state.ImageId);
        Assert.Single(state.Pushed);
    }

    [Fact]
    public void Loaded_tags_and_ids_are_read_in_order_each_once()
    {
        string imageId = "sha256:" + new string('a', 64);
        var (state, lines) = Read(1024,
            Chunk("Loaded image: psdocker/busybox:latest\n"),
            Layer("abc", "Loading layer", 10, 100),
            Chunk("Loaded image: app:1.0\nLoaded image ID: " + imageId + "\n"),
            Chunk("Loaded image: app:1.0\n"),
            new JSONMessage { Status = "Loaded image: status:form" });

        Assert.Equal(new[] { "psdocker/busybox:latest", "app:1.0", imageId, "status:form" }, state.Loaded);
        Assert.Null(state.Error);
        Assert.Equal(5, lines.Count);
    }

    [Fact]
    public void A_load_error_inside_the_stream_is_kept_and_nothing_is_loaded()
    {
        var (state, _) = Read(1024, new JSONMessage
        {
            Error = new JSONError { Message = "Error processing tar file(exit status 1): unexpected EOF" },
        });

        Assert.Equal("Error processing tar file(exit status 1): unexpected EOF", state.Error);
        Assert.Empty(state.Loaded);
    }

    [Fact]
    public void Stream_text_is_cut_into_whole_lines_across_chunks()
    {
        var (state, lines) = Read(1024,
            Chunk("Step 1/2 : FROM busybox"),
            Chunk("\n"),
            Chunk(" ---> abc\nStep 2/2 : RUN echo hi\r\n"),
            Chunk("hi\n\npart"),
            Chunk("ial"),
            Chunk(" line\r"));

        Assert.Equal(new[] { "Step 1/2 : FROM busybox", " ---> abc", "Step 2/2 : RUN echo hi", "hi", "" }, lines.Select(l => l.Text));
        Assert.All(lines, l => Assert.Equal(JsonMessageLineKind.Stream, l.Kind));

        lines.Clear();
        state.EndOfStream(lines);
        Assert.Equal(new[] { "partial line" }, lines.Select(l => l.Text));
        lines.Clear();
        state.EndOfStream(lines);
        Assert.Empty(lines);
    }

    [Fact]
    public void A_long_stream_line_is_given_in_pieces_so_output_without_newlines_stays_bounded()
    {
        var (state, lines) = Read(4, Chunk("abcdefghij\n"), Chunk("wxyz\n"), Chunk("abc\r\n"));
        Assert.Equal(new[] { "abcd", "efgh", "ij", "wxyz", "abc" }, lines.Select(l => l.Text));

        // 10 000 characters without a newline: never more than the cap waits.
        var (big, pieces) = Read(64, Enumerable.Range(0, 100).Select(_ => Chunk(new string('x', 100))).ToArray());
        Assert.Equal(10000 / 64, pieces.Count);
        Assert.All(pieces, p => Assert.Equal(64, p.Text.Length));
        pieces.Clear();
        big.EndOfStream(pieces);
        Assert.Equal(10000 % 64, Assert.Single(pieces).Text.Length);
    }

    [Fact]
    public void The_writer_gives_build_lines_whole_to_its_stream_callback_and_the_last_one_at_flush()
    {
        var verbose = new List<string>();
        var stream = new List<string>();
        JsonMessageProgress? state = null;
        AsyncPump.Run(async () =>
        {
            var writer = new JsonMessageWriter("Building", _ => { }, verbose.Add, null, stream.Add);
            state = writer.State;
            try
            {
                await Task.Run(() =>
                {
                    writer.Progress.Report(Chunk("Step 1/1 : RUN printf 'a\\nb'"));
                    writer.Progress.Report(Chunk("\n"));
                    writer.Progress.Report(new JSONMessage { ID = "latest", Status = "Pulling from psdocker/busybox" });
                    writer.Progress.Report(Layer("aaa", "Downloading", 1, 10));
                    writer.Progress.Report(Chunk("a\nb"));
                    writer.Progress.Report(new JSONMessage { Error = new JSONError { Message = "failed", Code = 2 } });
                });
                writer.Flush();
            }
            finally
            {
                writer.Complete();
            }
        });

        Assert.Equal(new[] { "Step 1/1 : RUN printf 'a\\nb'", "a", "b" }, stream);
        Assert.Equal(new[] { "latest: Pulling from psdocker/busybox" }, verbose);
        Assert.Equal("failed", state!.Error);
        Assert.Equal(2, state.ErrorCode);
        Assert.Equal(1, state.LayerCount);
    }

    [Fact]
    public void Without_a_stream_callback_the_lines_go_to_verbose_without_empty_ones()
    {
        var verbose = new List<string>();
        AsyncPump.Run(async () =>
        {
            var writer = new JsonMessageWriter("Loading images from a.tar", _ => { }, verbose.Add);
            await Task.Run(() => writer.Progress.Report(Chunk("Loaded image: app:1.0\n\nLoaded image ID: sha256:abc")));
            writer.Flush();
            writer.Complete();
            Assert.Equal(new[] { "app:1.0", "sha256:abc" }, writer.State.Loaded);
        });

        Assert.Equal(new[] { "Loaded image: app:1.0", "Loaded image ID: sha256:abc" }, verbose);
    }

    [Fact]
    public void The_writer_writes_on_the_pump_thread_what_the_library_reports_from_other_threads()
    {
        var written = new List<(ProgressRecord Record, int Thread)>();
        var verbose = new List<string>();
        int pumpThread = Environment.CurrentManagedThreadId;
        AsyncPump.Run(async () =>
        {
            var writer = new JsonMessageWriter("Pulling app:1", r => written.Add((r, Environment.CurrentManagedThreadId)), verbose.Add);
            try
            {
                await Task.Run(() =>
                {
                    writer.Progress.Report(Layer("aaa", "Downloading", 1, 10));
                    writer.Progress.Report(Layer("aaa", "Pull complete"));
                    writer.Progress.Report(new JSONMessage { Status = "Status: done" });
                    writer.Progress.Report(Layer("bbb", "Waiting"));
                });
            }
            finally
            {
                writer.Complete();
            }
        });

        Assert.All(written, w => Assert.Equal(pumpThread, w.Thread));
        Assert.Equal(new[] { "Status: done" }, verbose);
        Assert.Equal(ProgressRecordType.Completed, written[^1].Record.RecordType);
        Assert.Equal(Parent, written[^1].Record.ActivityId);
        Assert.Contains(written, w => w.Record.Activity == "Layer bbb" && w.Record.RecordType == ProgressRecordType.Completed);
    }
}

public class ImageTransferHeaderTests
{
    [Fact]
    public async Task An_anonymous_push_still_sends_an_empty_X_Registry_Auth_as_the_docker_CLI_does()
    {
        // A fake engine on a loopback port that records the request the library sends.
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        int port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        using var client = new Docker.DotNet.DockerClientBuilder().WithEndpoint(new Uri($"tcp://127.0.0.1:{port}")).WithApiVersion(new System.Version(1, 41)).Build();
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        Task push = client.Images.PushImageAsync("127.0.0.1:5000/app", new ImagePushParameters { Tag = "1.0" },
            ImageTransfer.AuthOrAnonymous(null), new Progress<JSONMessage>(), cancel.Token);

        using var accepted = await listener.AcceptTcpClientAsync(cancel.Token);
        var reader = new System.IO.StreamReader(accepted.GetStream());
        var headers = new List<string>();
        for (string? line = await reader.ReadLineAsync(cancel.Token); !string.IsNullOrEmpty(line); line = await reader.ReadLineAsync(cancel.Token))
        {
            headers.Add(line);
        }

        listener.Stop();
        Assert.StartsWith("POST /v1.41/images/127.0.0.1:5000/app/push?tag=1.0 ", headers[0]);
        string auth = Assert.Single(headers, h => h.StartsWith("X-Registry-Auth:", StringComparison.OrdinalIgnoreCase)).Substring(16).Trim();
        string json = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(auth.Replace('-', '+').Replace('_', '/')));
        using var doc = JsonDocument.Parse(json);
        Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
        Assert.All(doc.RootElement.EnumerateObject(), p => Assert.True(p.Value.ValueKind == JsonValueKind.Null || p.Value.GetString() == "", p.Name));
    }
}

public class JsonMessageWriterStreamTests
{
    [Fact]
    public void Build_stream_text_goes_to_its_own_callback_and_status_lines_to_verbose()
    {
        var verbose = new List<string>();
        var stream = new List<string>();
        AsyncPump.Run(async () =>
        {
            var writer = new JsonMessageWriter("Building", _ => { }, verbose.Add, null, stream.Add);
            await Task.Run(() =>
            {
                writer.Progress.Report(new JSONMessage { Stream = "Step 1/2 : FROM busybox\n" });
                writer.Progress.Report(new JSONMessage { Status = "Status: done" });
            });
            writer.Complete();
        });

        Assert.Equal(new[] { "Step 1/2 : FROM busybox" }, stream);
        Assert.Equal(new[] { "Status: done" }, verbose);
    }
}
