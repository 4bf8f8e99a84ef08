# The `hibiki` desktop app (included by app/CMakeLists.txt).
# The imported Qt targets are scoped to the directory that finds them: the finaliser of
# qt_add_executable walks every library linked in, the room server's included.
find_package(Qt6 REQUIRED COMPONENTS Widgets Sql HttpServer WebSockets)
find_package(Qt6Keychain REQUIRED)

qt_add_executable(hibiki WIN32 MACOSX_BUNDLE main.cpp)
target_link_libraries(hibiki PRIVATE hibiki_ui hibiki_shell hibiki_core hibiki_server_lib
    Qt6::Widgets)
# Icons and translations; resources/ is configured after app/, the target resolves later.
target_link_libraries(hibiki PRIVATE hibiki_resources)
target_compile_definitions(hibiki PRIVATE HIBIKI_VERSION="${PROJECT_VERSION}")
set_target_properties(hibiki PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/bin)
install(TARGETS hibiki RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} BUNDLE DESTINATION .)
