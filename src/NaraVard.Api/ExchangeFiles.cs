using Google.Protobuf;
using Grpc.Core;

namespace NaraVard.Api.V1;

/// <summary>The client side of the exchange's file streams, for every C# client of the contract (the CLI, the tests).</summary>
public static class ExchangeFiles
{
    /// <summary>How much of a file one ImportPlan message carries.</summary>
    public const int ChunkSize = 64 * 1024;

    /// <summary>
    /// Sends a file to ImportPlan: the header, then the file in chunks. When the server refuses before the upload
    /// ends, its answer (which says why) is returned, not the broken write.
    /// </summary>
    public static async Task<ImportPlanResult> ImportPlanAsync(this ExchangeService.ExchangeServiceClient client, byte[] file, string fileName, bool dryRun, CallOptions options)
    {
        using var call = client.ImportPlan(options);
        try
        {
            await call.RequestStream.WriteAsync(new ImportPlanChunk { Header = new ImportPlanHeader { FileName = fileName, DryRun = dryRun } });
            for (var offset = 0; offset < file.Length; offset += ChunkSize)
            {
                await call.RequestStream.WriteAsync(new ImportPlanChunk { Data = ByteString.CopyFrom(file, offset, Math.Min(ChunkSize, file.Length - offset)) });
            }

            await call.RequestStream.CompleteAsync();
        }
        catch (RpcException)
        {
            // The server answered before the upload ended: its answer, awaited below, says why.
        }

        return await call.ResponseAsync;
    }

    /// <summary>A file sent as FileChunks (an export, the template, a PDF): its name and bytes.</summary>
    public static async Task<(string FileName, byte[] Content)> ReadFileAsync(this AsyncServerStreamingCall<FileChunk> call)
    {
        using (call)
        {
            using var content = new MemoryStream();
            var name = "";
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
                var chunk = call.ResponseStream.Current;
                name = name.Length == 0 ? chunk.FileName : name;
                chunk.Data.WriteTo(content);
            }

            return (name, content.ToArray());
        }
    }
}
