# The `hibiki` desktop app (included by app/CMakeLists.txt once main.cpp exists).
# The imported Qt targets are scoped to the directory that finds them: the finaliser of
# qt_add_executable walks every library linked in, the room server's included.
find_package(Qt6 REQUIRED COMPONENTS Widgets Sql HttpServer WebSockets)
find_package(Qt6Keychain REQUIRED)
include(GNUInstallDirs)

# The app's non-widget pieces: command line, room list file, keychain tokens, the hosted
# room and the connection test. Used by ui/ and main.cpp; tested without a window.
qt_add_library(hibiki_shell STATIC
    shell/commandline.h shell/commandline.cpp
    shell/roomconfig.h shell/roomconfig.cpp
    shell/tokenstore.h shell/tokenstore.cpp
    shell/hostedroom.h shell/hostedroom.cpp
    shell/connectiontester.h shell/connectiontester.cpp
)
target_include_directories(hibiki_shell PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
target_link_libraries(hibiki_shell
    PUBLIC hibiki_core hibiki_server_lib Qt6::Core Qt6::Network
    PRIVATE Qt6Keychain::Qt6Keychain)

qt_add_executable(hibiki WIN32 MACOSX_BUNDLE main.cpp)
target_link_libraries(hibiki PRIVATE hibiki_ui hibiki_shell hibiki_core hibiki_server_lib
    Qt6::Widgets)
# Icons and translations; resources/ is configured after app/, the target resolves later.
if(EXISTS ${PROJECT_SOURCE_DIR}/resources/CMakeLists.txt)
    target_link_libraries(hibiki PRIVATE hibiki_resources)
endif()
target_compile_definitions(hibiki PRIVATE HIBIKI_VERSION="${PROJECT_VERSION}")
set_target_properties(hibiki PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
install(TARGETS hibiki RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} BUNDLE DESTINATION .)
