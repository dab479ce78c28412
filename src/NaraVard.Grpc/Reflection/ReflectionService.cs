using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Reflection.V1;
using NaraVard.Grpc.Protocol;
using NaraVard.Grpc.Server;

namespace NaraVard.Grpc.Reflection;

/// <summary>
/// grpc.reflection.v1 (and v1alpha, whose messages are wire-identical) built from the compiled descriptors
/// of the registered services, so generic tools can list and call them without the .proto files.
/// </summary>
public sealed class ReflectionService(GrpcServiceRegistry registry)
{
    public static readonly Method<ServerReflectionRequest, ServerReflectionResponse> V1 = new("grpc.reflection.v1.ServerReflection", "ServerReflectionInfo", MethodType.DuplexStreaming);
    public static readonly Method<ServerReflectionRequest, ServerReflectionResponse> V1Alpha = new("grpc.reflection.v1alpha.ServerReflection", "ServerReflectionInfo", MethodType.DuplexStreaming);

    public void Register()
    {
        registry.AddFile(global::Grpc.Reflection.V1.ReflectionReflection.Descriptor);
        registry.AddFile(global::Grpc.Reflection.V1Alpha.ReflectionReflection.Descriptor);
        registry.AddDuplexStreaming(V1, ServeAsync);
        registry.AddDuplexStreaming(V1Alpha, ServeAsync);
    }

    private async Task ServeAsync(IAsyncEnumerable<ServerReflectionRequest> requests, IServerStreamWriter<ServerReflectionResponse> responses, ServerCallContext context)
    {
        await foreach (var request in requests.WithCancellation(context.CancellationToken))
        {
            await responses.WriteAsync(Answer(request), context.CancellationToken);
        }
    }

    public ServerReflectionResponse Answer(ServerReflectionRequest request)
    {
        var response = new ServerReflectionResponse { ValidHost = request.Host, OriginalRequest = request };
        switch (request.MessageRequestCase)
        {
            case ServerReflectionRequest.MessageRequestOneofCase.ListServices:
                response.ListServicesResponse = new ListServiceResponse();
                response.ListServicesResponse.Service.AddRange(registry.ServiceNames.Order(StringComparer.Ordinal).Select(n => new ServiceResponse { Name = n }));
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileByFilename:
                Files(response, AllFiles().FirstOrDefault(f => f.Name == request.FileByFilename), $"File not found: {request.FileByFilename}");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.FileContainingSymbol:
                Files(response, FindSymbol(request.FileContainingSymbol), $"Symbol not found: {request.FileContainingSymbol}");
                break;
            case ServerReflectionRequest.MessageRequestOneofCase.AllExtensionNumbersOfType:
                // No proto3 message here declares extensions.
                response.AllExtensionNumbersResponse = new ExtensionNumberResponse { BaseTypeName = request.AllExtensionNumbersOfType };
                break;
            default:
                response.ErrorResponse = new ErrorResponse { ErrorCode = (int)StatusCode.Unimplemented, ErrorMessage = "Not supported: " + request.MessageRequestCase };
                break;
        }

        return response;
    }

    private static void Files(ServerReflectionResponse response, FileDescriptor? file, string notFound)
    {
        if (file is null)
        {
            response.ErrorResponse = new ErrorResponse { ErrorCode = (int)StatusCode.NotFound, ErrorMessage = notFound };
            return;
        }

        // The file first, then everything it imports, so a client can build the descriptors in one round trip.
        response.FileDescriptorResponse = new FileDescriptorResponse();
        response.FileDescriptorResponse.FileDescriptorProto.AddRange(WithDependencies(file).Select(f => f.SerializedData));
    }

    private static IEnumerable<FileDescriptor> WithDependencies(FileDescriptor file)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var order = new List<FileDescriptor>();
        void Visit(FileDescriptor f)
        {
            if (!seen.Add(f.Name))
            {
                return;
            }

            order.Add(f);
            foreach (var dependency in f.Dependencies)
            {
                Visit(dependency);
            }
        }

        Visit(file);
        return order;
    }

    private IEnumerable<FileDescriptor> AllFiles() => registry.Files.SelectMany(WithDependencies).DistinctBy(f => f.Name);

    private FileDescriptor? FindSymbol(string symbol)
    {
        symbol = symbol.TrimStart('.');
        foreach (var file in AllFiles())
        {
            if (file.Services.Any(s => s.FullName == symbol || s.Methods.Any(m => $"{s.FullName}.{m.Name}" == symbol)) ||
                Messages(file.MessageTypes).Any(m => m.FullName == symbol) ||
                file.EnumTypes.Any(e => e.FullName == symbol) ||
                Messages(file.MessageTypes).SelectMany(m => m.EnumTypes).Any(e => e.FullName == symbol))
            {
                return file;
            }
        }

        return null;
    }

    private static IEnumerable<MessageDescriptor> Messages(IEnumerable<MessageDescriptor> messages) =>
        messages.SelectMany(m => Messages(m.NestedTypes).Prepend(m));
}
